/**
 * A fault-injecting TCP proxy for tests: forwards a loopback port to another,
 * and can cut every open connection at once, as a flaky network would. Used in
 * front of the real livekit-server's signal port to provoke reconnects.
 */
import net from "node:net";
import getPort from "get-port";

export type TcpProxy = { port: number; cutAll: () => number; close: () => Promise<void> };

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await getPort({ host: "127.0.0.1" });
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    cutAll: () => {
      const count = open.size;
      for (const socket of open) socket.destroy();
      return count;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
