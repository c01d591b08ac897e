/**
 * A new service credential: the token a service presents, and the entry for
 * the app's ONBOARDING_SERVICE_TOKENS, which holds only its SHA-256 (see
 * server/access/service-tokens.ts). For `npm run service-token` and for test
 * stacks that call the app as a service.
 */
import { createHash, randomBytes } from "node:crypto";

export type ServiceCredential = { token: string; entry: string };

export function newServiceCredential(name: string): ServiceCredential {
  const token = `onb_${randomBytes(32).toString("base64url")}`;
  return { token, entry: `${name}:${createHash("sha256").update(token, "utf8").digest("hex")}` };
}
