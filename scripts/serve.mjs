/**
 * The entry point `npm start` (and the tests and the benchmark) run: a plain
 * node:http server in front of the app, for what `next start` cannot do.
 *
 *  1. It records the TCP peer's address in `x-onboarding-peer-address`,
 *     overwriting whatever a client sent under that name. `next start` only
 *     fills in X-Forwarded-For when the client sent none, so behind no proxy the
 *     real address would be lost to anyone who sends that header; rate limits
 *     key on this instead (see server/client-address.ts).
 *  2. It refuses a body whose declared length is over MAX_BODY_BYTES with 413
 *     before anything reads a byte of it. (Bodies without a declared length are
 *     bounded while they are read, in the handlers.)
 *  3. In production it answers /api itself, with the same handlers as the Next
 *     route files, bundled into .next/api-server.mjs (scripts/build-api.mjs),
 *     and hands pages to `next start` in a child process on a private loopback
 *     port. Measured on the benchmark machine: Next's request pipeline caps any
 *     route near 500 requests/s, and merely having Next loaded in a process
 *     (its AsyncLocalStorage hooks run on every promise, its fetch wrapper on
 *     every LiveKit call) costs a join about a quarter of its CPU. Joins never
 *     wait behind a page render either.
 *
 * With --dev, Next runs here in dev mode and serves everything, /api included.
 *
 * usage: node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]
 */
import { spawn } from "node:child_process";
import { Agent, createServer } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import getPort from "get-port";
import { createProxyServer } from "http-proxy-3";

const MAX_BODY_BYTES = 64 * 1024;
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const PAGES_READY_TIMEOUT_MS = 60_000;

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H", default: process.env.HOST ?? "127.0.0.1" },
  },
});
const port = Number(values.port);
const onShutdown = [];

/** Next in this process, for everything (dev mode). */
async function inProcessNext() {
  const { default: next } = await import("next");
  const app = next({ dev: true, hostname: values.hostname, port });
  await app.prepare();
  onShutdown.push(() => app.close?.());
  return { pages: app.getRequestHandler(), api: undefined };
}

/** `next start` in a child process on a private port, for pages; /api from the bundle here. */
async function productionRoutes() {
  let api;
  try {
    ({ serveApi: api } = await import(new URL("../.next/api-server.mjs", import.meta.url).href));
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    console.warn("[serve] .next/api-server.mjs is missing (run `npm run build`); Next serves /api instead");
  }

  const pagesPort = await getPort({ host: "127.0.0.1" });
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(pagesPort), "-H", "127.0.0.1"], {
    env: process.env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let stopping = false;
  child.once("exit", (code, signal) => {
    if (stopping) return;
    // Without its pages the app is broken: exit, so that whatever supervises it restarts it whole.
    console.error(`[serve] the pages server exited (${signal ?? `code ${code}`}); stopping`);
    process.exit(1);
  });
  onShutdown.push(
    () =>
      new Promise((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  );

  const target = `http://127.0.0.1:${pagesPort}`;
  const deadline = Date.now() + PAGES_READY_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${target}/icon.svg`, { signal: AbortSignal.timeout(2_000) })).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the pages server did not start on ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const proxy = createProxyServer({ target, agent: new Agent({ keepAlive: true }) });
  proxy.on("error", (_error, _request, response) => {
    // The pages server is restarting or gone; say so plainly (it exits the app when it dies).
    if (response && "headersSent" in response && !response.headersSent) {
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      response.end("The page could not be loaded. Try again in a moment.");
    } else {
      response?.destroy?.();
    }
  });
  return { pages: (request, response) => proxy.web(request, response), api };
}

const routes = values.dev ? await inProcessNext() : await productionRoutes();

async function route(request, response) {
  if (routes.api) {
    try {
      if (await routes.api(request, response)) return;
    } catch {
      // The handlers map every expected failure themselves; this is the last resort, and says nothing more.
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again." } }));
      return;
    }
  }
  await routes.pages(request, response);
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
    void Promise.allSettled(onShutdown.map((stop) => stop())).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
