/**
 * Which of the repository's files a file imports: its module specifiers (as
 * the parser found them, symbols.ts) resolved the way each language's tools
 * would, as far as the repository itself shows it:
 * - JavaScript and TypeScript: relative paths with their extensions and index
 *   files, root aliases (`@/x`, `~/x`), and the repository's own packages by
 *   their package.json name;
 * - Python: relative and absolute module paths (`.alerts`, `ingest.geo`);
 * - Go: packages under a go.mod's module path (a package is its folder);
 * - Rust: `crate::`, `super::`, `self::` paths and `mod name;`;
 * - Java, C and C++, Ruby and PHP: the named file, beside the importer or
 *   nearest to it.
 * Anything else (a library from a registry) is not the repository's, and is
 * left out. Nothing here reads a file: it works on the list of paths and the
 * manifests the overview already read.
 */
import path from "node:path";

export type ImportResolver = (from: string, specifier: string) => string | undefined;

const JS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** TypeScript's ESM style names the emitted file: `./client.js` is `./client.ts` in the repository. */
const EMITTED = /\.(m|c)?jsx?$/;

function parentFolders(file: string): string[] {
  const folders: string[] = [];
  for (let folder = path.posix.dirname(file); ; folder = path.posix.dirname(folder)) {
    folders.push(folder === "." ? "" : folder);
    if (folder === "." || folder === "/") break;
  }
  return folders;
}

const join = (...parts: string[]) => {
  const joined = path.posix.normalize(path.posix.join(...parts));
  if (joined === ".") return "";
  return joined.startsWith("../") || joined === ".." ? undefined : joined;
};

export function importResolver(paths: Iterable<string>, text: (file: string) => string | undefined): ImportResolver {
  const files = new Set(paths);
  const byFolder = new Map<string, string[]>();
  const byBaseName = new Map<string, string[]>();
  const goModules: Array<{ module: string; folder: string }> = [];
  const packages: Array<{ name: string; folder: string; main?: string }> = [];
  for (const file of files) {
    const folder = path.posix.dirname(file) === "." ? "" : path.posix.dirname(file);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
    const base = path.posix.basename(file);
    byBaseName.set(base, [...(byBaseName.get(base) ?? []), file]);
    if (base === "go.mod") {
      const module = text(file)?.match(/^module\s+(\S+)/m)?.[1];
      if (module) goModules.push({ module, folder });
    }
    if (base === "package.json") {
      try {
        const manifest = JSON.parse(text(file) ?? "") as { name?: unknown; main?: unknown };
        if (typeof manifest.name === "string" && manifest.name) {
          packages.push({ name: manifest.name, folder, ...(typeof manifest.main === "string" ? { main: manifest.main } : {}) });
        }
      } catch {
        // A manifest that is not JSON names no package.
      }
    }
  }
  // The longest names first, so that `@fleet/geo-utils/x` is not taken for `@fleet/geo`.
  packages.sort((a, b) => b.name.length - a.name.length);

  const first = (candidates: Array<string | undefined>) => candidates.find((each) => each !== undefined && files.has(each));

  const jsFile = (base: string | undefined) => {
    if (base === undefined) return undefined;
    const stem = base.replace(EMITTED, "");
    return first([
      base,
      ...JS_EXTENSIONS.map((extension) => base + extension),
      ...(stem !== base ? JS_EXTENSIONS.map((extension) => stem + extension) : []),
      ...JS_EXTENSIONS.map((extension) => `${base}/index${extension}`),
    ]);
  };

  /** The file at the end of a path suffix that lies nearest the importer (most folders in common). */
  const nearest = (from: string, suffix: string) => {
    const candidates = (byBaseName.get(path.posix.basename(suffix)) ?? []).filter((file) => file === suffix || file.endsWith(`/${suffix}`));
    if (candidates.length <= 1) return candidates[0];
    const shared = (file: string) => {
      const a = from.split("/");
      const b = file.split("/");
      let count = 0;
      while (count < a.length && a[count] === b[count]) count += 1;
      return count;
    };
    return candidates.sort((a, b) => shared(b) - shared(a) || a.length - b.length)[0];
  };

  const javascript = (from: string, specifier: string) => {
    if (specifier.startsWith(".")) return jsFile(join(path.posix.dirname(from), specifier));
    if (specifier.startsWith("/")) return undefined;
    const alias = specifier.match(/^[@~#]\/(.+)$/)?.[1];
    if (alias) {
      for (const folder of parentFolders(from)) {
        const found = jsFile(join(folder, alias)) ?? jsFile(join(folder, "src", alias));
        if (found) return found;
      }
      return undefined;
    }
    const owned = packages.find((each) => specifier === each.name || specifier.startsWith(`${each.name}/`));
    if (!owned) return undefined;
    const rest = specifier.slice(owned.name.length + 1);
    if (rest) return jsFile(join(owned.folder, rest)) ?? jsFile(join(owned.folder, "src", rest));
    return (
      jsFile(owned.main ? join(owned.folder, owned.main) : undefined) ??
      jsFile(join(owned.folder, "index")) ??
      jsFile(join(owned.folder, "src/index"))
    );
  };

  const python = (from: string, specifier: string) => {
    const dots = specifier.match(/^\.+/)?.[0].length ?? 0;
    const modulePath = specifier.slice(dots).split(".").filter(Boolean).join("/");
    if (dots > 0) {
      let folder: string | undefined = path.posix.dirname(from);
      for (let level = 1; level < dots && folder !== undefined; level += 1) folder = join(folder, "..");
      if (folder === undefined) return undefined;
      return modulePath
        ? first([join(folder, `${modulePath}.py`), join(folder, modulePath, "__init__.py")])
        : first([join(folder, "__init__.py")]);
    }
    return modulePath ? (nearest(from, `${modulePath}.py`) ?? nearest(from, `${modulePath}/__init__.py`)) : undefined;
  };

  const go = (specifier: string) => {
    const owner = goModules.find(({ module }) => specifier === module || specifier.startsWith(`${module}/`));
    if (!owner) return undefined;
    const folder = join(owner.folder, specifier.slice(owner.module.length + 1)) ?? owner.folder;
    // A Go package is its folder: its first file that is not a test stands for it.
    return (byFolder.get(folder) ?? []).filter((file) => file.endsWith(".go") && !file.endsWith("_test.go")).sort()[0];
  };

  const rust = (from: string, specifier: string) => {
    const rustFile = (folder: string | undefined, parts: string[]) => {
      if (folder === undefined) return undefined;
      // `a::b::Name` may be the module a/b or an item of it: the longest path that is a file wins.
      for (let length = parts.length; length >= 1; length -= 1) {
        const modulePath = parts.slice(0, length).join("/");
        const found = first([join(folder, `${modulePath}.rs`), join(folder, modulePath, "mod.rs")]);
        if (found) return found;
      }
      return undefined;
    };
    const ownFolder = /(^|\/)(mod|lib|main)\.rs$/.test(from) ? path.posix.dirname(from) : from.replace(/\.rs$/, "");
    if (specifier.startsWith("mod ")) return rustFile(ownFolder, [specifier.slice(4)]);
    const [head, ...parts] = specifier.split("::").map((part) => part.trim());
    if (head === "crate") {
      const crate = parentFolders(from).find((folder) => files.has(folder ? `${folder}/Cargo.toml` : "Cargo.toml"));
      return crate === undefined ? undefined : rustFile(join(crate, "src") ?? "src", parts);
    }
    if (head === "self") return rustFile(ownFolder, parts);
    if (head === "super") return rustFile(join(ownFolder, ".."), parts);
    return undefined;
  };

  const nearby = (from: string, specifier: string, extension = "") => {
    const named = specifier.endsWith(extension) ? specifier : specifier + extension;
    return first([join(path.posix.dirname(from), named)]) ?? (named.startsWith(".") ? undefined : nearest(from, named));
  };

  return (from, specifier) => {
    const extension = path.posix.extname(from).toLowerCase();
    let found: string | undefined;
    if (JS_EXTENSIONS.includes(extension)) found = javascript(from, specifier);
    else if (extension === ".py") found = python(from, specifier);
    else if (extension === ".go") found = go(specifier);
    else if (extension === ".rs") found = rust(from, specifier);
    else if (extension === ".java") found = /^[\w.]+$/.test(specifier) ? nearest(from, `${specifier.replace(/\./g, "/")}.java`) : undefined;
    else if (extension === ".rb") found = nearby(from, specifier, ".rb");
    else if ([".c", ".cc", ".cpp", ".h", ".hpp", ".php"].includes(extension)) found = nearby(from, specifier);
    return found === from ? undefined : found;
  };
}
