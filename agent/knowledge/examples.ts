/**
 * Questions worth suggesting in a greeting, taken from the repository itself:
 * its most substantial source file (not a test, doc or fixture) and that
 * file's first exported function, class or component.
 */
import type { Knowledge } from "./build";
import { SUPPORTING } from "./file-roles";
import type { GreetingExamples } from "./protocol";

const INTERESTING = new Set(["function", "class", "component"]);

export function greetingExamples(knowledge: Knowledge): GreetingExamples {
  const candidates = Object.entries(knowledge.files)
    .filter(
      ([file, facts]) =>
        !SUPPORTING.test(file) && facts.header && facts.symbols.some((symbol) => symbol.exported && INTERESTING.has(symbol.kind)),
    )
    .sort((a, b) => b[1].symbols.length - a[1].symbols.length || a[0].localeCompare(b[0]));
  const [file, facts] = candidates[0] ?? [];
  const symbol = facts?.symbols.find((each) => each.exported && INTERESTING.has(each.kind))?.name;
  return { ...(file ? { file } : {}), ...(symbol ? { symbol } : {}) };
}
