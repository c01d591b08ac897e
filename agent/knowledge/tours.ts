/**
 * Tours of a repository, step by step: the repository's own CodeTour files
 * (`.tours/*.tour`, `.github/tours/*.tour`), offered first, and the guide's
 * tour, computed from what it knows:
 *   what it is → how to run it → the map → the entry points → the modules
 *   the most others import → where the tests are.
 * Each step has a title, one or two sentences, and what to show: a file's
 * lines (checked to exist through the read gate) or the map.
 *
 * CodeTour files are read through the gate like any file, parsed with a
 * schema (they are untrusted), and their text is released through it again
 * with the rest of the tour (calls.ts).
 *
 * @see https://github.com/microsoft/codetour#tour-schema
 */
import path from "node:path";
import { z } from "zod";
import type { Knowledge } from "./build";
import { parseManifest, rootReadme } from "./overview";
import { isRefusal } from "./read-gate";
import { SUPPORTING, TESTS } from "./file-roles";
import { entryPoints, importers } from "./repository-map";

export type TourView = { path: string; startLine: number; endLine: number };
export type TourStep = { title: string; text: string; view?: TourView; map?: true };
export type Tour = { id: string; title: string; source: "codetour" | "guide"; steps: TourStep[] };

export const GUIDE_TOUR_ID = "guide";
const MAX_TOURS = 8;
const MAX_STEPS = 40;
const MAX_STEP_TEXT = 400;
/** Lines a step shows when it points at a whole file. */
const VIEW_LINES = 15;

const TOUR_FILE = /^(\.tours|\.github\/tours)\/[^/]+\.tour$/;

const CodeTourFile = z.object({
  title: z.string().min(1).max(200),
  steps: z
    .array(
      z.object({
        title: z.string().max(200).optional(),
        description: z.string().max(20_000).default(""),
        file: z.string().max(1024).optional(),
        line: z.number().int().min(1).optional(),
        selection: z
          .object({ start: z.object({ line: z.number().int().min(1) }), end: z.object({ line: z.number().int().min(1) }) })
          .optional(),
      }),
    )
    .min(1),
});

/** Markdown as one or two plain sentences, bounded. */
function sentences(markdown: string, max = MAX_STEP_TEXT): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const two =
    plain
      .match(/^(.+?[.!?])(\s+.+?[.!?])?(\s|$)/)
      ?.slice(1, 3)
      .join("") ?? plain;
  return two.length > max ? `${two.slice(0, max - 1)}…` : two;
}

/** A view of `line` on in a file the index holds and the gate still reads, clamped to the file; undefined otherwise. */
async function viewOf(knowledge: Knowledge, file: string, line = 1, endLine?: number): Promise<TourView | undefined> {
  if (!Object.hasOwn(knowledge.files, file)) return undefined;
  const gated = await knowledge.gate.read(file);
  if (isRefusal(gated)) return undefined;
  const total = gated.text.endsWith("\n") ? gated.text.split("\n").length - 1 : gated.text.split("\n").length;
  if (total < 1) return undefined;
  const startLine = Math.min(Math.max(1, line), total);
  return { path: file, startLine, endLine: Math.min(total, Math.max(startLine, endLine ?? startLine + VIEW_LINES - 1)) };
}

/** The line of a file where a command is defined (a package script, a make target, a README line). */
async function commandLine(knowledge: Knowledge, file: string, command: string): Promise<number> {
  const gated = await knowledge.gate.read(file);
  if (isRefusal(gated)) return 1;
  const lines = gated.text.split("\n");
  const script = command.match(/^(?:npm|pnpm|yarn|bun)(?: run)? ([\w:.-]+)$/)?.[1];
  const target = command.match(/^make ([\w.-]+)$/)?.[1];
  const found = lines.findIndex((text) =>
    script ? text.includes(`"${script}":`) : target ? text.startsWith(`${target}:`) : text.includes(command),
  );
  return found === -1 ? 1 : found + 1;
}

const code = (file: string) => `\`${file}\``;

async function guideTour(knowledge: Knowledge): Promise<Tour> {
  const { overview } = knowledge;
  const files = Object.keys(knowledge.files).sort();
  const steps: TourStep[] = [];
  const readme = rootReadme(files);
  steps.push({
    title: "What it is",
    text: sentences(overview.summary ?? `This is ${overview.title}.`),
    ...(readme ? { view: await viewOf(knowledge, readme) } : {}),
  });

  const run = overview.run ?? overview.commands[0];
  if (run) {
    const source = run.source === "README" ? readme : run.source;
    const test = overview.test && overview.test !== run ? ` and \`${overview.test.command}\` tests it` : "";
    const view = source
      ? await viewOf(knowledge, source, Math.max(1, (await commandLine(knowledge, source, run.command)) - 2), undefined)
      : undefined;
    steps.push({ title: "How to run it", text: `\`${run.command}\` runs it${test}.`, ...(view ? { view } : {}) });
  }

  const importedBy = importers(knowledge, (file) => !TESTS.test(file));
  const folders = new Set(files.filter((file) => file.includes("/")).map((file) => file.split("/")[0]));
  steps.push({
    title: "The map",
    text: `The map shows the main folders as boxes and their imports as arrows: ${files.length} files in ${folders.size} top-level folders. Open any box to read it.`,
    map: true,
  });

  const entries = entryPoints(knowledge, importedBy);
  if (entries.length > 0) {
    const [first, ...others] = entries;
    const header = knowledge.files[first!]?.header;
    const view = await viewOf(knowledge, first!);
    steps.push({
      title: "The entry points",
      text: `${code(first!)} is where things start${header ? `: ${header}` : "."}${others.length > 0 ? ` Others: ${others.map(code).join(", ")}.` : ""}`,
      ...(view ? { view } : {}),
    });
  }

  const core = [...importedBy.entries()]
    .filter(([file, count]) => count >= 2 && !SUPPORTING.test(file))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 2);
  for (const [file, count] of core) {
    const header = knowledge.files[file]?.header;
    const view = await viewOf(knowledge, file);
    steps.push({
      title: `Used everywhere: ${path.posix.basename(file)}`,
      text: `${count} files import ${code(file)}${header ? `: ${header}` : "."}`,
      ...(view ? { view } : {}),
    });
  }

  const tests = files.filter((file) => TESTS.test(file));
  if (tests.length > 0) {
    const folders = new Map<string, number>();
    for (const file of tests) {
      const folder = file.match(/^(.*?(?:^|\/)(?:tests?|e2e|__tests__|spec|specs))\//i)?.[1] ?? path.posix.dirname(file);
      folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
    const named = [...folders.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const example = tests.find((file) => file.startsWith(`${named[0]![0]}/`)) ?? tests[0]!;
    const view = await viewOf(knowledge, example);
    steps.push({
      title: "Where the tests are",
      text: `The tests are in ${named.map(([folder, count]) => `${code(`${folder}/`)} (${count})`).join(", ")}${overview.test ? `; \`${overview.test.command}\` runs them.` : "."}`,
      ...(view ? { view } : {}),
    });
  }
  return { id: GUIDE_TOUR_ID, title: `A tour of ${overview.title}`, source: "guide", steps };
}

async function codeTours(knowledge: Knowledge): Promise<Tour[]> {
  const tours: Tour[] = [];
  for (const file of Object.keys(knowledge.files)
    .filter((each) => TOUR_FILE.test(each))
    .sort()
    .slice(0, MAX_TOURS)) {
    const gated = await knowledge.gate.read(file);
    if (isRefusal(gated)) continue;
    let parsed: z.infer<typeof CodeTourFile>;
    try {
      // As the gate left it: a blanked line can leave a comma JSON does not allow (parseManifest drops it).
      parsed = CodeTourFile.parse(parseManifest(gated.text));
    } catch {
      continue; // A tour file that is not one is not offered.
    }
    const steps: TourStep[] = [];
    for (const step of parsed.steps.slice(0, MAX_STEPS)) {
      const target = step.file?.replace(/^\.\//, "");
      const line = step.selection?.start.line ?? step.line ?? 1;
      const view = target ? await viewOf(knowledge, target, line, step.selection?.end.line ?? line) : undefined;
      steps.push({
        title: (step.title ?? (target ? path.posix.basename(target) : parsed.title)).slice(0, 120),
        text: sentences(step.description) || (target ? code(target) : parsed.title),
        ...(view ? { view } : {}),
      });
    }
    tours.push({ id: `codetour:${file}`, title: parsed.title.slice(0, 120), source: "codetour", steps });
  }
  return tours;
}

/** The repository's own tours first, then the guide's. */
export async function repositoryTours(knowledge: Knowledge): Promise<Tour[]> {
  return [...(await codeTours(knowledge)), await guideTour(knowledge)];
}
