/**
 * The wire contract of the repository map: any participant asks the room's
 * guide for it over LiveKit RPC (`onboarding.map`, JSON), in the style of the
 * code view (contract/code-view.ts: its version, its error codes, its
 * payload limit). The map is data, never markup: folders as modules, imports
 * as edges, which the page lays out and draws itself, since repository names
 * are untrusted.
 *
 * zod/mini, as the rest of contract/: the page imports it.
 */
import { z } from "zod/mini";
import { CODE_VIEW_VERSION } from "./code-view";

export const MAP_METHOD = "onboarding.map";

export const MapRequest = z.strictObject({
  version: z.optional(z.literal(CODE_VIEW_VERSION, { error: `This guide speaks version ${CODE_VIEW_VERSION} of the code view` })),
});
export type MapRequest = z.infer<typeof MapRequest>;

export const MapModule = z.object({
  /** The folder, relative to the root ("" for the top). */
  folder: z.string(),
  /** Files in it (folders folded into it included). */
  files: z.int(),
  /** What it is for, in the repository's own words. */
  purpose: z.optional(z.string()),
  /** The file that stands for it: its entry file, or the one most imported. */
  open: z.string(),
});
export type MapModule = z.infer<typeof MapModule>;

export const RepositoryMap = z.object({
  revision: z.string(),
  /** Files the guide read. */
  files: z.int(),
  modules: z.array(MapModule),
  /** `from` imports `to` (indexes into modules), through `imports` file-to-file imports. */
  edges: z.array(z.object({ from: z.int(), to: z.int(), imports: z.int() })),
});
export type RepositoryMap = z.infer<typeof RepositoryMap>;
