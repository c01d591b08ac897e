/**
 * Reading a JSON request body with a hard size limit, for route handlers that
 * parse bodies themselves. The limit is enforced while streaming, so a client
 * that lies about (or omits) Content-Length still cannot make us buffer more.
 */
import "server-only";
import { setTimeout as delay } from "node:timers/promises";

export type BodyProblem = { status: 400 | 413 | 415; message: string };
export type BodyResult = { ok: true; value: unknown } | ({ ok: false } & BodyProblem);

export type TextResult = { ok: true; text: string } | { ok: false; status: 413; message: string };

/**
 * After refusing a body, how much more of it is read and dropped (and for how
 * long): a client still sending then gets our 413, not a connection reset
 * mid-write. Past either bound, the connection is simply cut.
 */
const LINGER_BYTES = 4 * 1024 * 1024;
const LINGER_MS = 2_000;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  const until = Date.now() + LINGER_MS;
  try {
    while (dropped < LINGER_BYTES && Date.now() < until) {
      const stop = new AbortController();
      const timedOut = delay(until - Date.now(), undefined, { signal: stop.signal }).catch(() => undefined);
      const result = await Promise.race([reader.read(), timedOut]);
      stop.abort();
      if (!result || result.done) break;
      dropped += result.value.byteLength;
    }
  } catch {
    // the client went away: nothing left to drain
  }
  await reader.cancel().catch(() => undefined);
}

/** The body as text, refusing (413) past maxBytes, declared or not. */
export async function readBodyText(request: Request, maxBytes: number): Promise<TextResult> {
  const tooLarge = { ok: false, status: 413, message: `The request body is larger than ${maxBytes} bytes.` } as const;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    if (request.body && declared <= LINGER_BYTES) await discardRest(request.body.getReader());
    return tooLarge;
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discardRest(reader);
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type.trim())) {
    return { ok: false, status: 415, message: "Send the request body as JSON with Content-Type: application/json." };
  }
  const body = await readBodyText(request, maxBytes);
  if (!body.ok) return body;
  if (body.text.trim() === "") return { ok: false, status: 400, message: "The request body is empty; send a JSON object." };
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, status: 400, message: "The request body is not valid JSON." };
  }
}
