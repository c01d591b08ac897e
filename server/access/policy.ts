/**
 * Who may do what: the one place that decides, for `livekit.join` (and so
 * /api/token), the guide's recall and the context list.
 *
 *  - Open mode (no sign-in configured, loopback): anyone, as "open".
 *  - A member (a verified email at an allowed domain) or a service credential
 *    may create rooms, join any room, and gets invites signed for the rooms it
 *    joins. Rooms are only ever created here, so only their rooms get a guide.
 *  - Anyone else needs a valid invite for the very room they join, and joins
 *    it as a guest: never creating it, and never bringing a guide along.
 *  - Neither: 401 UNAUTHORIZED. Credentials that do not qualify (a non-member,
 *    an invite that is forged, expired or for another room): 403 FORBIDDEN.
 */
import "server-only";
import { inviteRefused, notAMember, serviceTokenRejected, signInRequired } from "../errors";
import type { AccessConfig, MembersAccess } from "../env";
import type { Actor } from "./actor";
import { type Invite, verifyInvite } from "./invites";
import type { SignedInPerson } from "./session-cookie";

export type Role = "member" | "guest" | "service" | "open";

export type Grant = Readonly<{
  role: Role;
  /** May create a room (and so have its guide dispatched). */
  mayCreateRoom: boolean;
  /** The name the identity provider gave a member, for the token's attributes. */
  verifiedName?: string;
  /** Set when this caller's joins come with an invite for others: the name it is sent in. */
  invitesAs?: string;
  /** A guest's invite: the room must still have the invite's context. */
  invite?: Invite;
}>;

export type AccessRequest = {
  /** The room to join; absent means a new room. */
  roomName?: string | undefined;
  invite?: string | undefined;
};

export function isMember(access: MembersAccess, person: SignedInPerson): boolean {
  if (!person.emailVerified || !person.email) return false;
  const domain = person.email.slice(person.email.lastIndexOf("@") + 1).toLowerCase();
  return access.allowedEmailDomains.includes(domain);
}

export async function authorize(access: AccessConfig, actor: Actor, request: AccessRequest): Promise<Grant> {
  if (access.mode === "open") return { role: "open", mayCreateRoom: true };
  if (actor.kind === "anonymous" && actor.rejectedServiceToken) throw serviceTokenRejected();
  if (actor.kind === "service") return { role: "service", mayCreateRoom: true, invitesAs: actor.name };
  if (actor.kind === "person" && isMember(access, actor.person)) {
    const name = actor.person.name;
    return { role: "member", mayCreateRoom: true, verifiedName: name, invitesAs: name };
  }
  if (request.invite !== undefined) {
    const checked = await verifyInvite({ secret: access.secret, issuer: access.appUrl }, request.invite);
    if (!checked.ok) throw inviteRefused(checked.problem);
    if (checked.invite.roomName !== request.roomName) throw inviteRefused("another-room");
    return { role: "guest", mayCreateRoom: false, invite: checked.invite };
  }
  if (actor.kind === "person") throw notAMember(actor.person.email, access.allowedEmailDomains);
  throw signInRequired();
}
