/**
 * Service credentials for the typed Node client, `npm run join` and other
 * machines: `Authorization: Bearer <token>`. The server keeps only each
 * token's SHA-256 (ONBOARDING_SERVICE_TOKENS) and compares digests in
 * constant time, every entry each time, so neither the stored list nor the
 * response time gives a token away.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { ServiceToken } from "../env";

export function sha256(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** The name of the service this token belongs to, or undefined. */
export function matchServiceToken(tokens: readonly ServiceToken[], presented: string): string | undefined {
  const digest = sha256(presented);
  let match: string | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(digest, token.sha256) && match === undefined) match = token.name;
  }
  return match;
}
