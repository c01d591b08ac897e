/**
 * Who may do what: the one place that decides. Only the authorization
 * middleware (server/trpc.ts) asks it; everything after that works with the
 * Grant it returns.
 *
 *  - Open mode (no sign-in configured): anyone on this machine, as "open".
 *    Undeclared, it refuses requests whose headers say they came from
 *    elsewhere (server/http/local-request.ts).
 *  - A member (a verified email at an allowed domain) or a service credential
 *    may create rooms, join any room, and gets invites signed for the rooms it
 *    joins. Rooms are only ever created by them, so only their rooms get a guide.
 *  - Anyone else needs a valid invite for the very room they join, and joins
 *    it as a guest: never creating it, never bringing a guide along, and only
 *    while the invite's session lasts (the use cases check that against the room).
 *  - Neither: SIGN_IN_REQUIRED. Credentials that do not qualify (a non-member,
 *    an invite that is forged, expired or for another room): refused, by reason.
 */
import "server-only";
import type { ParticipantRole } from "@/contract/join";
import { inviteRefused, notAMember, openModeLocalOnly, serviceTokenRejected, signInRequired } from "../failures";
import type { AccessConfig, MembersAccess } from "../env";
import type { Actor } from "./actor";
import { type Invite, verifyInvite } from "./invites";
import type { SignedInPerson } from "./session-cookie";

export type Grant = Readonly<{
  role: ParticipantRole;
  /**
   * Who this caller is, for its budgets: a member's subject at the provider,
   * a service's name, a guest's invite session. Open mode has none: its
   * callers are told apart by address only.
   */
  subject?: string;
  /** May create a room (and so have its guide dispatched). */
  mayCreateRoom: boolean;
  /** May see where the server keeps the repository (guests see the context's title only). */
  maySeeRepoRoot: boolean;
  /** The name the identity provider gave a member, for the token's attributes. */
  verifiedName?: string;
  /** Set when this caller's joins come with an invite for others: the name it is sent in. */
  invitesAs?: string;
  /** A guest's invite: good only for its own session of its own room. */
  invite?: Invite;
}>;

export type AccessRequest = {
  /** The room to join; absent means a new room. */
  roomName?: string | undefined;
  invite?: string | undefined;
};

/** An email with exactly one `@`, something before it, and a domain on the list. */
export function isMember(access: MembersAccess, person: SignedInPerson): boolean {
  if (!person.emailVerified || !person.email) return false;
  const parts = person.email.split("@");
  if (parts.length !== 2 || !parts[0]) return false;
  return access.allowedEmailDomains.includes(parts[1]!.toLowerCase());
}

/**
 * `notLocalBecause`: for open mode, why the request looks as if it came from
 * beyond this machine (undefined when it does not, or for callers inside the server).
 */
export async function authorize(
  access: AccessConfig,
  actor: Actor,
  request: AccessRequest,
  notLocalBecause: string | undefined,
): Promise<Grant> {
  if (access.mode === "open") {
    if (!access.declared && notLocalBecause) throw openModeLocalOnly(notLocalBecause);
    return { role: "open", mayCreateRoom: true, maySeeRepoRoot: true };
  }
  if (actor.kind === "anonymous" && actor.rejectedServiceToken) throw serviceTokenRejected();
  if (actor.kind === "service") {
    return { role: "service", subject: actor.name, mayCreateRoom: true, maySeeRepoRoot: true, invitesAs: actor.name };
  }
  if (actor.kind === "person" && isMember(access, actor.person)) {
    const { name, sub } = actor.person;
    return { role: "member", subject: sub, mayCreateRoom: true, maySeeRepoRoot: true, verifiedName: name, invitesAs: name };
  }
  if (request.invite !== undefined) {
    const checked = await verifyInvite({ secret: access.secret, issuer: access.appUrl }, request.invite);
    if (!checked.ok) throw inviteRefused(checked.problem);
    if (checked.invite.roomName !== request.roomName) throw inviteRefused("another-room");
    return { role: "guest", subject: checked.invite.sessionId, mayCreateRoom: false, maySeeRepoRoot: false, invite: checked.invite };
  }
  if (actor.kind === "person") throw notAMember(actor.person.email);
  throw signInRequired();
}
