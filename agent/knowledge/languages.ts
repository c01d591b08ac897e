/**
 * What language a file is in, by its name, and which tree-sitter grammar
 * (from @vscode/tree-sitter-wasm) parses it. Languages count towards a
 * repository's "languages by share" only when they are code or markup people
 * write, not data or prose.
 */
import path from "node:path";

export type Grammar = "typescript" | "tsx" | "javascript" | "python" | "go" | "rust" | "java" | "ruby" | "c-sharp" | "cpp" | "php" | "bash";

export type LanguageInfo = { name: string; grammar?: Grammar; counts: boolean };

const BY_EXTENSION: Record<string, LanguageInfo> = {
  ".ts": { name: "TypeScript", grammar: "typescript", counts: true },
  ".mts": { name: "TypeScript", grammar: "typescript", counts: true },
  ".cts": { name: "TypeScript", grammar: "typescript", counts: true },
  ".tsx": { name: "TypeScript", grammar: "tsx", counts: true },
  ".js": { name: "JavaScript", grammar: "javascript", counts: true },
  ".jsx": { name: "JavaScript", grammar: "javascript", counts: true },
  ".mjs": { name: "JavaScript", grammar: "javascript", counts: true },
  ".cjs": { name: "JavaScript", grammar: "javascript", counts: true },
  ".py": { name: "Python", grammar: "python", counts: true },
  ".go": { name: "Go", grammar: "go", counts: true },
  ".rs": { name: "Rust", grammar: "rust", counts: true },
  ".java": { name: "Java", grammar: "java", counts: true },
  ".rb": { name: "Ruby", grammar: "ruby", counts: true },
  ".cs": { name: "C#", grammar: "c-sharp", counts: true },
  ".cc": { name: "C++", grammar: "cpp", counts: true },
  ".cpp": { name: "C++", grammar: "cpp", counts: true },
  ".hpp": { name: "C++", grammar: "cpp", counts: true },
  ".h": { name: "C", grammar: "cpp", counts: true },
  ".c": { name: "C", grammar: "cpp", counts: true },
  ".php": { name: "PHP", grammar: "php", counts: true },
  ".sh": { name: "Shell", grammar: "bash", counts: true },
  ".bash": { name: "Shell", grammar: "bash", counts: true },
  ".kt": { name: "Kotlin", counts: true },
  ".swift": { name: "Swift", counts: true },
  ".scala": { name: "Scala", counts: true },
  ".sql": { name: "SQL", counts: true },
  ".css": { name: "CSS", counts: true },
  ".scss": { name: "SCSS", counts: true },
  ".html": { name: "HTML", counts: true },
  ".vue": { name: "Vue", counts: true },
  ".svelte": { name: "Svelte", counts: true },
  ".md": { name: "Markdown", counts: false },
  ".mdx": { name: "Markdown", counts: false },
  ".json": { name: "JSON", counts: false },
  ".yml": { name: "YAML", counts: false },
  ".yaml": { name: "YAML", counts: false },
  ".toml": { name: "TOML", counts: false },
};

const BY_NAME: Record<string, LanguageInfo> = {
  Makefile: { name: "Makefile", counts: true },
  Dockerfile: { name: "Dockerfile", counts: true },
};

export function languageOf(relative: string): LanguageInfo | undefined {
  const base = path.posix.basename(relative);
  return BY_NAME[base] ?? BY_EXTENSION[path.posix.extname(base).toLowerCase()];
}

/** Languages by their share of the bytes of code, largest first, rounded to whole percents. */
export function languageShares(files: Array<{ path: string; size: number }>): Array<{ language: string; percent: number }> {
  const bytes = new Map<string, number>();
  for (const file of files) {
    const language = languageOf(file.path);
    if (!language?.counts) continue;
    bytes.set(language.name, (bytes.get(language.name) ?? 0) + file.size);
  }
  const total = [...bytes.values()].reduce((sum, value) => sum + value, 0);
  if (total === 0) return [];
  // By bytes, then by name: the order must not depend on the order files were read in (parse threads race).
  return [...bytes.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([language, size]) => ({ language, percent: Math.round((size / total) * 100) }))
    .filter((share) => share.percent > 0);
}
