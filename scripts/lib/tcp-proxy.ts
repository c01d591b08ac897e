/**
 * A fault-injecting TCP proxy for tests: forwards a loopback port to another,
 * can cut every open connection at once, as a flaky network would, and counts
 * what passes towards the target. Used in front of the real livekit-server:
 * on its signal port to provoke reconnects, and on its API port to count the
 * calls that reach it.
 */
import net from "node:net";
import getPort from "get-port";

export type TcpProxy = {
  port: number;
  cutAll: () => number;
  /** How many times `text` has been sent towards the target so far (e.g. an HTTP request line). */
  sentCount: (text: string) => number;
  close: () => Promise<void>;
};

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await getPort({ host: "127.0.0.1" });
  const open = new Set<net.Socket>();
  // Everything sent towards the target, per connection, so a count never misses a text split across chunks.
  const sent = new Map<net.Socket, string>();
  const finished: string[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    sent.set(client, "");
    client.on("data", (chunk: Buffer) => sent.set(client, (sent.get(client) ?? "") + chunk.toString("latin1")));
    client.on("close", () => {
      finished.push(sent.get(client) ?? "");
      sent.delete(client);
    });
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
    sentCount: (text) => [...finished, ...sent.values()].reduce((count, data) => count + (data.split(text).length - 1), 0),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
