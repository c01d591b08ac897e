/**
 * Page weight from the production build: for each route, the JavaScript a
 * browser must load before the page works (its "first-load JS"), measured as
 * the raw and gzip sizes of the <script> files the route's HTML references,
 * read from .next/static. Also says whether livekit-client is among them
 * (it must not be on the landing page: it loads on demand).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startApp } from "./app-process";

// A string only livekit-client's bundle contains (its signal connection error).
const LIVEKIT_CLIENT_SIGNATURE = "could not establish signal connection";

export type RouteWeight = { route: string; scripts: number; rawBytes: number; gzipBytes: number; includesLivekitClient: boolean };

export type BuildWeights = {
  routes: RouteWeight[];
  /** The livekit-client chunk, loaded on demand by the device check and the session. */
  livekitClientChunk: { rawBytes: number; gzipBytes: number } | null;
};

function chunkFile(src: string): string {
  return path.resolve(".next", src.replace(/^\/_next\//, "").split("?")[0]!);
}

export async function measurePageWeights(routes: string[]): Promise<BuildWeights> {
  // The pages render without contacting LiveKit, so placeholder settings suffice.
  const app = await startApp({
    LIVEKIT_URL: "ws://127.0.0.1:9",
    LIVEKIT_API_KEY: "weight",
    LIVEKIT_API_SECRET: "weight-placeholder-secret",
  });
  const seen = new Map<string, string>();
  try {
    const results: RouteWeight[] = [];
    for (const route of routes) {
      const html = await (await fetch(new URL(route, app.url))).text();
      const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((match) => match[1]!))];
      let rawBytes = 0;
      let gzipBytes = 0;
      let includesLivekitClient = false;
      for (const src of sources) {
        const code = readFileSync(chunkFile(src), "utf8");
        seen.set(src, code);
        rawBytes += Buffer.byteLength(code);
        gzipBytes += gzipSync(code, { level: 9 }).byteLength;
        includesLivekitClient ||= code.includes(LIVEKIT_CLIENT_SIGNATURE);
      }
      results.push({ route, scripts: sources.length, rawBytes, gzipBytes, includesLivekitClient });
    }
    return { routes: results, livekitClientChunk: findLivekitClientChunk() };
  } finally {
    await app.stop();
  }
}

function findLivekitClientChunk(): BuildWeights["livekitClientChunk"] {
  const manifestDir = path.resolve(".next/static/chunks");
  for (const file of readdirSync(manifestDir)) {
    if (!file.endsWith(".js")) continue;
    const code = readFileSync(path.join(manifestDir, file), "utf8");
    if (code.includes(LIVEKIT_CLIENT_SIGNATURE)) {
      return { rawBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).byteLength };
    }
  }
  return null;
}
