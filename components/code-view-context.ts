"use client";
/**
 * How anything in the session opens the code view (a pointer in the guide's
 * chat, later the map and the tour): the stage provides `open`, and renders
 * the panel (code-view-panel.tsx) while a target is open.
 */
import { createContext, useContext } from "react";
import type { CodeTarget } from "./code-view-client";

export type CodeView = {
  open: (target: CodeTarget) => void;
  /** Opens the file list, to pick a file from. */
  browse: () => void;
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
