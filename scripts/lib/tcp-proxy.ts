/**
 * A fault-injecting TCP proxy for tests: forwards a loopback port to another,
 * can cut every open connection at once, as a flaky network would, can hold
 * new connections unanswered until released (so a test sees the state between
 * a cut and the recovery, however fast the recovery is), and counts what passes
 * towards the target. Used in front of the real livekit-server:
 * on its signal port to provoke reconnects, and on its API port to count the
 * calls that reach it.
 */
import net from "node:net";
import getPort from "get-port";

export type TcpProxy = {
  port: number;
  cutAll: () => number;
  /** New connections wait, unanswered, until `release()`. */
  hold: () => void;
  release: () => void;
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
  let held: (() => void)[] | undefined;
  const forward = (client: net.Socket) => {
    if (client.destroyed) return;
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
  };
  const server = net.createServer((client) => {
    if (!held) return forward(client);
    // Kept in `open` so a cut or close ends it too; its early bytes wait in the socket until forwarded.
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    held.push(() => forward(client));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    cutAll: () => {
      const count = open.size;
      for (const socket of open) socket.destroy();
      return count;
    },
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const start of waiting) start();
    },
    sentCount: (text) => [...finished, ...sent.values()].reduce((count, data) => count + (data.split(text).length - 1), 0),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
