"use client";
/**
 * How anything in the session opens the code view (a pointer in the guide's
 * chat, a box of the map, a step of the tour) or the map: the stage provides
 * them, and renders the panel (code-view-panel.tsx, repository-map-panel.tsx)
 * while one is open.
 */
import { createContext, useContext } from "react";
import type { CodeTarget } from "./code-view-client";

export type CodeView = {
  open: (target: CodeTarget) => void;
  /** Opens the file list, to pick a file from. */
  browse: () => void;
  /** Opens the map of the repository. */
  map: () => void;
};

export const CodeViewContext = createContext<CodeView | null>(null);

export const useCodeView = () => useContext(CodeViewContext);

/** A pointer as the guide writes it: a repo-relative path and a line (`services/api/auth.go:12`). */
export function parsePointer(text: string): CodeTarget | undefined {
  const match = /^([^\s:`]+):(\d{1,7})$/.exec(text);
  if (!match) return undefined;
  const line = Number(match[2]);
  return line >= 1 ? { path: match[1]!, line } : undefined;
}
