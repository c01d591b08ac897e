/**
 * What a page needs to know about its request before it renders: the
 * caller (from the request's cookies) and what to tell the page about them.
 * A broken configuration yields nothing: the page renders, and the join says
 * what is wrong.
 */
import "server-only";
import { headers } from "next/headers";
import type { Viewer } from "@/contract/viewer";
import { type AppConfig, getConfig } from "../env";
import { type Actor, actorFromHeaders } from "./actor";
import { viewerFor } from "./viewer";

export type PageAccess = { headers: Headers; actor: Actor; viewer: Viewer };

export async function pageAccess(): Promise<PageAccess | undefined> {
  let config: AppConfig;
  try {
    config = getConfig();
  } catch {
    return undefined;
  }
  const requestHeaders = new Headers(await headers());
  const actor = await actorFromHeaders(requestHeaders, config.access);
  return { headers: requestHeaders, actor, viewer: viewerFor(config.access, actor) };
}
