/**
 * Reading a JSON request body with a hard size limit, for route handlers that
 * parse bodies themselves. The limit is enforced while streaming, so a client
 * that lies about (or omits) Content-Length still cannot make us buffer more.
 */
import "server-only";

export type BodyProblem = { status: 400 | 413 | 415; message: string };
export type BodyResult = { ok: true; value: unknown } | ({ ok: false } & BodyProblem);

export type TextResult = { ok: true; text: string } | { ok: false; status: 413; message: string };

/** The body as text, refusing (413) past maxBytes, declared or not. */
export async function readBodyText(request: Request, maxBytes: number): Promise<TextResult> {
  const tooLarge = { ok: false, status: 413, message: `The request body is larger than ${maxBytes} bytes.` } as const;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) return tooLarge;
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
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
