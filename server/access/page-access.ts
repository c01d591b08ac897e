/**
 * What a page needs to know about its request before it renders: the
 * caller (from the request's cookies) and what to tell the page about them.
 */
import "server-only";
import { headers } from "next/headers";
import type { Viewer } from "@/contract/viewer";
import { getConfig } from "../env";
import { type Actor, actorFromHeaders } from "./actor";
import { viewerFor } from "./viewer";

export type PageAccess = { headers: Headers; actor: Actor; viewer: Viewer };

export async function pageAccess(): Promise<PageAccess> {
  const { access } = getConfig();
  const requestHeaders = new Headers(await headers());
  const actor = await actorFromHeaders(requestHeaders, access);
  return { headers: requestHeaders, actor, viewer: viewerFor(access, actor) };
}
