/**
 * The production entry point: Next's request handler behind a plain node:http
 * server, for two things `next start` cannot do.
 *
 *  1. It records the TCP peer's address in `x-onboarding-peer-address`,
 *     overwriting whatever a client sent under that name. `next start` only
 *     fills in X-Forwarded-For when the client sent none, so behind no proxy the
 *     real address would be lost to anyone who sends that header; rate limits
 *     key on this instead (see server/client-address.ts).
 *  2. It refuses a body whose declared length is over MAX_BODY_BYTES with 413
 *     before Next reads a byte of it. (Bodies without a declared length are
 *     bounded while they are read, in the route handlers.)
 *  3. In production it answers /api itself, with the same handlers as the
 *     Next route files bundled into .next/api-server.mjs (scripts/build-api.mjs):
 *     Next's per-request cost would otherwise cap joins at about 500/s on the
 *     benchmark machine (see server/http/api-node-entry.ts). Pages go to Next.
 *
 * usage: node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";

const MAX_BODY_BYTES = 64 * 1024;
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H", default: process.env.HOST ?? "127.0.0.1" },
  },
});
const port = Number(values.port);

const app = next({ dev: values.dev, hostname: values.hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** @type {((request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => Promise<boolean>) | undefined} */
let serveApi;
if (!values.dev) {
  try {
    ({ serveApi } = await import(new URL("../.next/api-server.mjs", import.meta.url).href));
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    console.warn("[serve] .next/api-server.mjs is missing (run `npm run build`); Next serves /api instead");
  }
}

async function route(request, response) {
  if (serveApi) {
    try {
      if (await serveApi(request, response)) return;
    } catch {
      // The handlers map every expected failure themselves; this is the last resort, and says nothing more.
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again." } }));
      return;
    }
  }
  await handle(request, response);
}

const server = createServer((request, response) => {
  request.headers["x-onboarding-peer-address"] = request.socket.remoteAddress ?? "";
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    response.writeHead(413, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } }));
    // Read and drop what the client is still sending (so it can read the 413
    // rather than see a reset), but only so much: then cut the connection.
    let drained = 0;
    request.on("data", (chunk) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) request.destroy();
    });
    return;
  }
  void route(request, response);
});
server.listen(port, values.hostname, () => {
  console.log(`▲ Onboarding Rooms ready on http://${values.hostname}:${port}${values.dev ? " (dev)" : ""}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    void app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
