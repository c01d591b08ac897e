/**
 * The guide's code keeps its layers (docs/guide.md, "Layers"): the knowledge
 * layer has no LiveKit code and does not know the room (it may use the
 * private sockets of agent/ipc, which know nothing of the guide); the room
 * code and the knowledge service reach the knowledge layer only through its
 * one interface (agent/knowledge/index.ts);
 * nothing in agent/ imports scripts/; and config.ts is the agent's only reader
 * of the environment. Imports are read with TypeScript's own pre-processor.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const AGENT = path.resolve("agent");

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|mts|mjs)$/.test(file) && !file.includes("node_modules") && !file.startsWith("no-local-inference"))
    .map((file) => path.join(folder, file));
}

type Import = { from: string; specifier: string; resolved?: string };

/** Every module each agent file imports, with relative and `@/` specifiers resolved to repo paths. */
function imports(): Import[] {
  return sourcesUnder(AGENT).flatMap((file) =>
    ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map(({ fileName: specifier }) => {
      const from = path.relative(".", file);
      if (specifier.startsWith(".")) return { from, specifier, resolved: path.relative(".", path.resolve(path.dirname(file), specifier)) };
      if (specifier.startsWith("@/")) return { from, specifier, resolved: specifier.slice(2) };
      return { from, specifier };
    }),
  );
}

describe("the guide's layers", () => {
  const all = imports();

  it("reads its imports (the check sees something to check)", () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContainEqual(expect.objectContaining({ from: "agent/guide/session.ts", resolved: "agent/knowledge" }));
  });

  it("keeps LiveKit and the room out of the knowledge layer", () => {
    const offending = all.filter(
      ({ from, specifier, resolved }) =>
        from.startsWith("agent/knowledge/") &&
        (specifier.startsWith("@livekit/") ||
          (resolved !== undefined && !resolved.startsWith("agent/knowledge/") && !resolved.startsWith("agent/ipc/"))),
    );
    expect(offending).toEqual([]);
  });

  it("lets the room code and the knowledge service reach the knowledge layer only through its interface", () => {
    const offending = all.filter(
      ({ from, resolved }) =>
        (from.startsWith("agent/guide/") || from.startsWith("agent/knowledge-service/")) && resolved?.startsWith("agent/knowledge/"),
    );
    expect(offending).toEqual([]);
  });

  it("keeps the private sockets' code (agent/ipc) free of the rest of the guide", () => {
    const offending = all.filter(({ from, resolved }) => from.startsWith("agent/ipc/") && resolved?.startsWith("agent/"));
    expect(offending).toEqual([]);
  });

  it("imports nothing from scripts/, tests or the benchmark", () => {
    const offending = all.filter(({ resolved }) => resolved !== undefined && /^(scripts|tests|e2e|bench)(\/|$)/.test(resolved));
    expect(offending).toEqual([]);
  });

  it("reads its configuration from the environment in config.ts only, and hands no one the whole environment", () => {
    const readers = sourcesUnder(AGENT)
      .filter((file) => /process\.env(?!\.PATH\b)/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(".", file));
    expect(readers).toEqual(["agent/config.ts"]);
  });
});
