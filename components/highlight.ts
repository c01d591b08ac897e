/**
 * Syntax highlighting for the code view: lowlight (highlight.js's grammars,
 * giving a syntax tree rather than HTML) over a chunk's lines at once, so
 * that a construct spanning lines (a block comment, a template string) is
 * coloured whole, then split back into lines of styled segments that React
 * renders as text. Part of the code view's lazily loaded chunk.
 */
import type { Element, ElementContent, Root } from "hast";
import { common, createLowlight } from "lowlight";

const lowlight = createLowlight(common);

/** The guide's language names (agent/knowledge/languages.ts) as highlight.js names them. */
const GRAMMARS: Record<string, string> = {
  TypeScript: "typescript",
  JavaScript: "javascript",
  Python: "python",
  Go: "go",
  Rust: "rust",
  Java: "java",
  Ruby: "ruby",
  "C#": "csharp",
  "C++": "cpp",
  C: "c",
  PHP: "php",
  Shell: "bash",
  Kotlin: "kotlin",
  Swift: "swift",
  SQL: "sql",
  CSS: "css",
  SCSS: "scss",
  HTML: "xml",
  Markdown: "markdown",
  JSON: "json",
  YAML: "yaml",
  TOML: "ini",
  Makefile: "makefile",
};

export type Segment = { text: string; className?: string };

function flatten(nodes: ElementContent[] | Root["children"], classes: string[], out: Segment[]) {
  for (const node of nodes) {
    if (node.type === "text") out.push({ text: node.value, ...(classes.length ? { className: classes.join(" ") } : {}) });
    else if (node.type === "element") {
      const own = ((node as Element).properties.className as string[] | undefined) ?? [];
      flatten(node.children, [...classes, ...own], out);
    }
  }
}

/** The lines as styled segments; undefined when the language has no grammar here (the lines show plain). */
export function highlightLines(lines: string[], language: string | undefined): Segment[][] | undefined {
  const grammar = language ? GRAMMARS[language] : undefined;
  if (!grammar || !lowlight.registered(grammar)) return undefined;
  const segments: Segment[] = [];
  flatten(lowlight.highlight(grammar, lines.join("\n")).children, [], segments);
  const result: Segment[][] = [[]];
  for (const segment of segments) {
    const parts = segment.text.split("\n");
    parts.forEach((part, index) => {
      if (index > 0) result.push([]);
      if (part) result.at(-1)!.push({ ...segment, text: part });
    });
  }
  return result;
}
