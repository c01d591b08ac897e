/**
 * Who is calling: read once from a request's headers, before any procedure
 * runs. A bearer token is a service credential; otherwise the session cookie
 * says which person signed in. Neither makes an anonymous caller.
 *
 * Server-side callers (createCaller) do not come through here: they name
 * their actor themselves (server/caller.ts).
 */
import "server-only";
import type { AccessConfig } from "../env";
import { matchServiceToken } from "./service-tokens";
import { readSession, type SignedInPerson } from "./session-cookie";

export type Actor =
  /** `rejectedServiceToken`: it presented a bearer token that is not one of ours. */
  | Readonly<{ kind: "anonymous"; rejectedServiceToken?: boolean }>
  | Readonly<{ kind: "service"; name: string }>
  | Readonly<{ kind: "person"; person: SignedInPerson }>;

export const ANONYMOUS: Actor = Object.freeze({ kind: "anonymous" });

const BEARER = /^Bearer\s+(\S{1,512})$/i;

export async function actorFromHeaders(headers: Pick<Headers, "get">, access: AccessConfig): Promise<Actor> {
  // Only a Bearer token is a service credential; other schemes (a staging proxy's Basic auth) are not ours to judge.
  const token = BEARER.exec(headers.get("authorization")?.trim() ?? "")?.[1];
  if (token !== undefined) {
    const name = matchServiceToken(access.serviceTokens, token);
    return name === undefined ? { kind: "anonymous", rejectedServiceToken: true } : { kind: "service", name };
  }
  if (access.mode !== "members") return ANONYMOUS;
  const person = await readSession(access, headers.get("cookie"));
  return person ? { kind: "person", person } : ANONYMOUS;
}
