/** What the page is told about its viewer (contract/viewer.ts), from the request's actor. */
import "server-only";
import type { Viewer } from "@/contract/viewer";
import type { AccessConfig } from "../env";
import { notAMember } from "../failures";
import type { Actor } from "./actor";
import { isMember } from "./policy";

export function viewerFor(access: AccessConfig, actor: Actor): Viewer {
  if (access.mode === "open") return { access: "open" };
  if (actor.kind !== "person") return { access: "members", signedIn: null };
  const { person } = actor;
  const member = isMember(access, person);
  return {
    access: "members",
    signedIn: {
      name: person.name,
      email: person.email ?? null,
      member,
      refusal: member ? null : notAMember(person.email).message,
    },
  };
}
