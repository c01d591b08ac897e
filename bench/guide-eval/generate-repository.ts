/**
 * A synthetic repository of a given size, for measuring how long the guide
 * takes to read one and how much memory it holds: nested packages in several
 * languages, each file a realistic size with a header comment and a handful of
 * documented functions, classes and types. Deterministic for a given size.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const WORDS =
  "account order invoice payment customer shipment route vehicle driver fleet sensor reading alert report session token cache queue worker schedule retry metric billing tenant user profile search index export import audit ledger".split(
    " ",
  );
const VERBS = "load save build parse render validate compute sync fetch publish handle resolve merge format track".split(" ");

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const cap = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/** `imports`: module specifiers of files written before it, so that the repository has an import graph to map. */
function typescript(next: () => number, noun: string, tsx: boolean, imports: string[]): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const parts = [
    `/**\n * ${cap(noun)} ${pick(VERBS)}ing for the ${pick(WORDS)} service: keeps ${pick(WORDS)} and ${pick(WORDS)} in step.\n */`,
    ...imports.map((specifier) => `import { ${pick(WORDS)}Client } from "${specifier}";`),
    "",
  ];
  const count = 3 + Math.floor(next() * 5);
  for (let index = 0; index < count; index += 1) {
    const verb = pick(VERBS);
    const other = pick(WORDS);
    if (tsx && index === 0) {
      parts.push(
        `/** Shows the ${noun} ${other} panel. */\nexport function ${cap(noun)}${cap(other)}Panel({ id }: { id: string }) {\n  const [${other}, set${cap(other)}] = useState<string | undefined>();\n  return <section aria-label="${noun}">{${other} ?? id}</section>;\n}\n`,
      );
    } else if (index % 3 === 1) {
      parts.push(
        `/** A ${noun} ${other} as the ${pick(WORDS)} API returns it. */\nexport interface ${cap(noun)}${cap(other)} {\n  id: string;\n  ${other}Id: string;\n  createdAt: number;\n  status: "active" | "archived";\n}\n`,
      );
    } else if (index % 3 === 2) {
      parts.push(
        `/** ${cap(verb)}s ${noun} ${other} records in batches. */\nexport class ${cap(noun)}${cap(other)}${cap(verb)}er {\n  private readonly pending: string[] = [];\n  constructor(private readonly limit = ${10 + index}) {}\n  async ${verb}(items: string[]): Promise<number> {\n    for (const item of items) this.pending.push(item);\n    return this.pending.length > this.limit ? this.flush() : 0;\n  }\n  private flush(): number {\n    return this.pending.splice(0).length;\n  }\n}\n`,
      );
    } else {
      parts.push(
        `/** ${cap(verb)}s the ${noun}'s ${other}, retrying once when the ${pick(WORDS)} store is busy. */\nexport async function ${verb}${cap(noun)}${cap(other)}(id: string, options: { force?: boolean } = {}): Promise<string> {\n  const key = \`${noun}:\${id}:${other}\`;\n  if (options.force) return key.toUpperCase();\n  return key;\n}\n`,
      );
    }
  }
  return parts.join("\n");
}

function python(next: () => number, noun: string): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const parts = [`"""${cap(noun)} ${pick(VERBS)} jobs for the ${pick(WORDS)} pipeline."""`, "import logging", ""];
  for (let index = 0; index < 3 + Math.floor(next() * 4); index += 1) {
    const verb = pick(VERBS);
    const other = pick(WORDS);
    parts.push(
      index % 2
        ? `class ${cap(noun)}${cap(other)}Job:\n    """Runs the ${other} step for one ${noun}."""\n\n    def __init__(self, limit=10):\n        self.limit = limit\n\n    def run(self, items):\n        return [item for item in items[: self.limit]]\n`
        : `def ${verb}_${noun}_${other}(record, retries=1):\n    """${cap(verb)} a ${noun} ${other} record."""\n    logging.info("${verb} %s", record)\n    return record\n`,
    );
  }
  return parts.join("\n");
}

function go(next: () => number, noun: string, pkg: string): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const parts = [
    `// Package ${pkg} ${pick(VERBS)}s ${noun} data for the ${pick(WORDS)} service.`,
    `package ${pkg}`,
    "",
    'import "fmt"',
    "",
  ];
  for (let index = 0; index < 3 + Math.floor(next() * 4); index += 1) {
    const verb = pick(VERBS);
    const other = pick(WORDS);
    parts.push(
      index % 2
        ? `// ${cap(noun)}${cap(other)} is a ${noun} ${other} row.\ntype ${cap(noun)}${cap(other)} struct {\n\tID    string\n\tCount int\n}\n`
        : `// ${cap(verb)}${cap(noun)}${cap(other)} ${verb}s a ${noun} ${other}.\nfunc ${cap(verb)}${cap(noun)}${cap(other)}(id string) (string, error) {\n\treturn fmt.Sprintf("%s/%s", "${noun}", id), nil\n}\n`,
    );
  }
  return parts.join("\n");
}

function markdown(next: () => number, noun: string): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  return `# ${cap(noun)} ${pick(WORDS)}\n\nHow the ${noun} ${pick(WORDS)} flow works, and who to ask about it.\n\n## Running it\n\n\`\`\`sh\nmake ${noun}\n\`\`\`\n\n## Design\n\nThe ${noun} service ${pick(VERBS)}s ${pick(WORDS)} data and hands it to ${pick(WORDS)}.\n`;
}

/** Writes a repository of `files` files under `root` and returns its root. */
export function generateRepository(root: string, files: number, seed = files): string {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  mkdirSync(root, { recursive: true });
  writeFileSync(
    path.join(root, "README.md"),
    `# Generated ${files}\n\nA synthetic monorepo of ${files} files for measuring the onboarding guide.\n\n## Layout\n\n- \`packages/\`: the services, one folder each\n- \`docs/\`: how the services fit together\n\n\`\`\`sh\nmake test\n\`\`\`\n`,
  );
  writeFileSync(path.join(root, "Makefile"), "test:\n\tgo test ./...\nbuild:\n\tgo build ./...\n");
  const typescriptFiles: string[] = [];
  /** Two earlier TypeScript files (fewer at the start), as relative specifiers from `relative`. */
  const importsFor = (relative: string) =>
    Array.from({ length: Math.min(2, typescriptFiles.length) }, () => {
      const target = pick(typescriptFiles).replace(/\.tsx?$/, "");
      const specifier = path.posix.relative(path.posix.dirname(relative), target);
      return specifier.startsWith(".") ? specifier : `./${specifier}`;
    });
  for (let index = 2; index < files; index += 1) {
    const pkg = `${pick(WORDS)}${index % 50}`;
    const noun = pick(WORDS);
    const dice = next();
    let relative: string;
    let text: string;
    if (dice < 0.4) {
      relative = `packages/${pkg}/src/${noun}/${noun}-${index}.ts`;
      text = typescript(next, noun, false, importsFor(relative));
    } else if (dice < 0.5) {
      relative = `packages/${pkg}/web/${cap(noun)}${index}.tsx`;
      text = typescript(next, noun, true, importsFor(relative));
    } else if (dice < 0.65) [relative, text] = [`packages/${pkg}/jobs/${noun}_${index}.py`, python(next, noun)];
    else if (dice < 0.8) [relative, text] = [`packages/${pkg}/go/${noun}${index}.go`, go(next, noun, pkg.replace(/[0-9]/g, ""))];
    else if (dice < 0.9) [relative, text] = [`docs/${pkg}/${noun}-${index}.md`, markdown(next, noun)];
    else
      [relative, text] = [
        `packages/${pkg}/config/${noun}-${index}.json`,
        JSON.stringify({ name: `${pkg}-${noun}`, retries: index % 5, enabled: true }, null, 2),
      ];
    mkdirSync(path.join(root, path.dirname(relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
    if (/\.tsx?$/.test(relative)) typescriptFiles.push(relative);
  }
  return root;
}
