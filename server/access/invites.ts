/**
 * Invite links: a capability to join one session of one room as a guest,
 * for a while.
 *
 * An invite is a JWT (HS256, with a key derived from AUTH_SECRET) that names
 * the room (`sub`), the session (`ses`: the nonce the join that created the
 * room wrote into its metadata, so a room reopened under the same name is
 * another session), the room's context (`ctx`), who sent it (`by`), the app
 * that issued it (`iss`) and when it ends (`exp`). It rides in the link's
 * fragment (`/rooms/<room>#invite=…`), which browsers never send to a server
 * or put in a Referer, and reaches the server only in the join's body.
 *
 * Verifying is strict: one algorithm, our issuer and audience, every claim
 * present and well-formed. Whether the invite is for the room being joined is
 * the policy's question (server/access/policy.ts).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { ContextId, SessionId } from "@/contract/room-metadata";
import { RoomName } from "@/contract/join";
import { inviteKey } from "./keys";

const AUDIENCE = "onboarding-rooms:invite";
const ALGORITHM = "HS256";
/** Clocks of replicas may disagree a little. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Longer than any invite we sign; a longer string is refused unread. */
export const MAX_INVITE_LENGTH = 2048;

const InviteClaims = z.object({
  sub: RoomName,
  ses: SessionId,
  ctx: ContextId,
  by: z.string().min(1).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1).max(64),
});
export type Invite = Readonly<{ roomName: string; sessionId: string; contextId: string; invitedBy: string; expiresAt: number }>;

export type InviteSigner = Readonly<{ secret: string; issuer: string; ttlSeconds: number }>;

export type InviteCheck = { ok: true; invite: Invite } | { ok: false; problem: "invalid" | "expired" };

export async function signInvite(
  signer: InviteSigner,
  request: { roomName: string; sessionId: string; contextId: string; invitedBy: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = nowSeconds + signer.ttlSeconds;
  const token = await new SignJWT({ ses: request.sessionId, ctx: request.contextId, by: request.invitedBy.slice(0, 128) })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(signer.issuer)
    .setAudience(AUDIENCE)
    .setSubject(request.roomName)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(expiresAt)
    .setJti(randomBytes(9).toString("base64url"))
    .sign(inviteKey(signer.secret));
  return { token, expiresAt };
}

export async function verifyInvite(
  signer: Pick<InviteSigner, "secret" | "issuer">,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<InviteCheck> {
  if (token.length > MAX_INVITE_LENGTH) return { ok: false, problem: "invalid" };
  try {
    const { payload } = await jwtVerify(token, inviteKey(signer.secret), {
      algorithms: [ALGORITHM],
      issuer: signer.issuer,
      audience: AUDIENCE,
      requiredClaims: ["sub", "ses", "ctx", "by", "iat", "exp", "jti"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(nowSeconds * 1000),
    });
    const claims = InviteClaims.safeParse(payload);
    if (!claims.success) return { ok: false, problem: "invalid" };
    return {
      ok: true,
      invite: {
        roomName: claims.data.sub,
        sessionId: claims.data.ses,
        contextId: claims.data.ctx,
        invitedBy: claims.data.by,
        expiresAt: claims.data.exp,
      },
    };
  } catch (error) {
    // Only a genuine invite can expire: jose checks the signature before the claims.
    if (error instanceof errors.JWTExpired) return { ok: false, problem: "expired" };
    return { ok: false, problem: "invalid" };
  }
}
