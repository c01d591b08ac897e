/**
 * The invite verifier, fuzzed with fast-check: whatever it is given (random
 * text, JWT-shaped noise, a genuine invite with any character changed, added
 * or removed, one signed with another secret, for another issuer, or with
 * `alg: none`), only a genuine, unexpired invite passes, and it passes with
 * exactly the claims it was signed with.
 */
import fc from "fast-check";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signInvite, verifyInvite } from "@/server/access/invites";
import { inviteKey } from "@/server/access/keys";

const signer = { secret: `${"s".repeat(16)}an invite secret of enough length`, issuer: "https://onboarding.example.com", ttlSeconds: 3600 };
const NOW = 1_800_000_000;
const request = { roomName: "onb-room_1", sessionId: "session-1", contextId: "default", invitedBy: "Ada" };
const genuine = await signInvite(signer, request, NOW);
const segment = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), maxLength: 80 });

describe("verifyInvite", () => {
  it("passes a genuine invite, with its claims, until it expires", async () => {
    expect(await verifyInvite(signer, genuine.token, NOW + 10)).toEqual({
      ok: true,
      invite: { roomName: request.roomName, sessionId: "session-1", contextId: request.contextId, invitedBy: "Ada", expiresAt: NOW + 3600 },
    });
    expect(await verifyInvite(signer, genuine.token, NOW + 3600 + 60)).toEqual({ ok: false, problem: "expired" });
  });

  it("refuses any text at all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.tuple(segment, segment, segment).map((parts) => parts.join(".")),
        ),
        async (text) => {
          expect((await verifyInvite(signer, text, NOW)).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses a genuine invite with any one character changed, added or removed", async () => {
    const edits = fc.record({
      at: fc.nat({ max: genuine.token.length - 1 }),
      kind: fc.constantFrom("change", "add", "remove"),
      character: fc.constantFrom(..."ABCDEFabcdef0189-_.="),
    });
    await fc.assert(
      fc.asyncProperty(edits, async ({ at, kind, character }) => {
        const { token } = genuine;
        const edited =
          kind === "remove"
            ? token.slice(0, at) + token.slice(at + 1)
            : token.slice(0, at) + character + token.slice(kind === "add" ? at : at + 1);
        fc.pre(edited !== token);
        const checked = await verifyInvite(signer, edited, NOW);
        // A change base64url cannot see (the spare low bits of a segment's last character) decodes to the same
        // bytes: then it is the genuine invite, and it must still say exactly what was signed.
        if (checked.ok) expect(checked.invite.roomName).toBe(request.roomName);
        else expect(checked.problem).toBe("invalid");
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses invites made with another secret, for another issuer or audience, or unsigned", async () => {
    const claims = fc.record({
      sub: fc.constantFrom(request.roomName, "other-room"),
      ses: fc.constant("session-1"),
      ctx: fc.constant("default"),
      by: fc.string({ minLength: 1, maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(claims, fc.string({ minLength: 32, maxLength: 64 }), async (payload, otherSecret) => {
        fc.pre(otherSecret !== signer.secret);
        const forged = [
          await signInvite(
            { ...signer, secret: otherSecret },
            { roomName: payload.sub, sessionId: payload.ses, contextId: payload.ctx, invitedBy: payload.by },
            NOW,
          ),
          await signInvite(
            { ...signer, issuer: "https://evil.example" },
            { roomName: payload.sub, sessionId: payload.ses, contextId: payload.ctx, invitedBy: payload.by },
            NOW,
          ),
        ].map((made) => made.token);
        forged.push(
          await new SignJWT({ ...payload, jti: "x" })
            .setProtectedHeader({ alg: "HS256" })
            .setIssuer(signer.issuer)
            .setAudience("some-other-audience")
            .setIssuedAt(NOW)
            .setExpirationTime(NOW + 60)
            .sign(inviteKey(signer.secret)),
          new UnsecuredJWT({ ...payload, jti: "x" })
            .setIssuer(signer.issuer)
            .setAudience("onboarding-rooms:invite")
            .setIssuedAt(NOW)
            .setExpirationTime(NOW + 60)
            .encode(),
        );
        for (const token of forged) expect(await verifyInvite(signer, token, NOW)).toEqual({ ok: false, problem: "invalid" });
      }),
      { numRuns: 100 },
    );
  });
});
