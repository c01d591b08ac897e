/**
 * What counts as a secret, for the read gate's own rules (secret-rules.ts):
 * which names say that their value is secret, and which values are literal
 * secrets rather than placeholders (`<token>`, `changeme`), references
 * (`env.LIVEKIT_API_SECRET`, `${DB_PASSWORD}`) or sentences; and which values
 * look drawn at random. A rule finds a name and a value; these decide.
 */

/** How a file's text is written: code (only quoted values are literals), configuration, or prose. */
export type TextKind = "code" | "config" | "prose";

const CODE_EXTENSIONS =
  /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|rs|java|kt|kts|scala|rb|cs|c|cc|cpp|h|hpp|php|swift|dart|lua|pl|ex|exs|clj|groovy|vue|svelte)$/i;
const PROSE_EXTENSIONS = /\.(md|mdx|markdown|txt|rst|adoc|org)$/i;

export function textKindOf(relativePath: string | undefined): TextKind {
  if (!relativePath) return "prose";
  if (CODE_EXTENSIONS.test(relativePath)) return "code";
  if (PROSE_EXTENSIONS.test(relativePath)) return "prose";
  return "config";
}

const FUNCTION_WORDS = new Set(
  "the a an is are was were be been not no to of in on for from with by at as this that these those it its your you we our they their must should can cannot can't will would could and or if when then has have had required invalid missing expected please use see".split(
    " ",
  ),
);

/** Values that stand for a secret without being one: placeholders, empty values, keywords. */
const PLACEHOLDER =
  /^(?:<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\$\{[^}]*\}|\{\{.*\}\}|%[A-Za-z_]+%|%[sdvq]|x{3,}|\*{3,}|\.{3,}|…|_+|-+|(?:change[-_ ]?me|replace[-_ ]?me|your[-_ ][\w -]*|my[-_ ]?(?:password|secret|token|key)|example[\w-]*|sample[\w-]*|dummy|placeholder|redacted|hidden|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|on|off|required|optional|string|number|boolean|str|int|bytes|password|passwd|passphrase|secret|secrets|token|pass|pwd|key|value|test|bearer|basic|env|default))$/i;

/** Values that point at a secret kept elsewhere: variables, lookups, templates. */
const REFERENCE =
  /^(?:\$|%\w|@\w|&\w|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|env\(|env\.|ENV\[|System\.getenv|Deno\.env|config\.|settings\.|secrets?\.|vault:|ref\+|!(?:Ref|Sub|GetAtt|ImportValue)|\(\(|<%|#\{|\{\{|lookup\(|var\.|local\.|data\.|module\.|file\(|secret\()/i;

/** A dotted name or a call: in code, a value like this is a variable, not a literal. */
export const IDENTIFIER_LIKE = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(.*\))?[!?]?$/;
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const PATH_LIKE = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|^[\w.-]+(?:\/[\w.@-]+)+\/?$|^https?:\/\/[^@\s]*$/;
const VERSION_OR_ADDRESS = /^v?\d+(?:[.:]\d+)+$/;
/** A dependency's version or source in a manifest (`"jsonwebtoken": "^9.0.2"`, `workspace:*`, `npm:…`). */
const PACKAGE_SPEC =
  /^(?:[\^~<>=]{0,2}[ \t]*v?\d+(?:\.(?:\d+|[xX*]))*(?:-[\w.]+)?(?:[ \t]*(?:\|\||-|[<>=]{1,2})[ \t]*v?\d[\w.*-]*)*|\*|latest|next|(?:workspace|file|link|npm|git\+\w+|github|portal|patch):\S*)$/i;
/** The name of a secret kept elsewhere (`my-app-secret-name` in a Kubernetes secretRef): a word of it says what it holds. */
const NAMES_A_SECRET =
  /^[a-z0-9]+(?:[-_.][a-z0-9]+)*[-_.](?:secrets?|password|passwd|token|tokens|key|keys|credentials?|creds)(?:[-_.][a-z0-9]+)*$|^(?:secrets?|credentials?)[-_.][a-z0-9-_.]+$/;
/** A label, as translation files hold them (`"password": "Mot de passe"`): a few words, capitalized, letters only. */
const LABEL = /^[A-ZÀ-Ý][\p{L}']*(?: [\p{L}']+){0,4}[?.!:]?$/u;

/** A value that contains a placeholder (`<token>`, `…`) is an example of a secret, not one. */
const PLACEHOLDER_INSIDE = /<[A-Za-z][\w .-]*>|…|\.\.\.|\*{4,}|x{6,}|X{6,}/;

/** Words with a path among them (`tsx scripts/join.ts`) are a command, not a passphrase. */
function holdsPath(value: string): boolean {
  return value.split(/\s+/).some((word) => /^(?:\.{0,2}\/)?[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+\/?$|^[\w-]+\.[a-z]{1,4}$/.test(word));
}

function isProse(value: string): boolean {
  const words = value.trim().split(/\s+/);
  if (words.length < 4) return false;
  return words.some((word) => FUNCTION_WORDS.has(word.toLowerCase().replace(/[^a-z']/g, "")));
}

/** Whether a value given to a secret name is a literal secret, not a placeholder, reference or sentence. */
export function isLiteralSecret(raw: string, quoted: boolean, kind: TextKind, inComment: boolean): boolean {
  const value = raw.trim();
  if (!quoted && (kind === "prose" || inComment)) {
    // In a sentence or a comment, the word after "password:" is the secret if it reads like one ("hunter2"),
    // and a word otherwise ("token: the session's").
    // Markdown's emphasis (`**Password:** …`) is not part of it.
    return looksLikeSecretWord(value.replace(/^[*_]{1,2}[ \t]*/, "").split(/\s+/)[0] ?? "");
  }
  if (value.length < 4 || PLACEHOLDER.test(value) || REFERENCE.test(value) || PLACEHOLDER_INSIDE.test(value)) return false;
  if (/\$\{|#\{|\{\{|%\(|%[sd]\b/.test(value)) return false; // an interpolation: built at run time
  if (/\s/.test(value) && holdsPath(value)) return false;
  if (ENV_NAME.test(value) || VERSION_OR_ADDRESS.test(value) || PACKAGE_SPEC.test(value) || /^\d{1,7}$/.test(value)) return false;
  // A name made of words alone; with digits in it, a value like "super-secret-pass-2024" is a password after all.
  if ((NAMES_A_SECRET.test(value) && !/[0-9]/.test(value)) || (/\s/.test(value) && LABEL.test(value))) return false;
  if (isProse(value)) return false;
  if (looksRandom(value)) return true;
  if (!quoted) {
    // In code, a bare value is an expression; in configuration, it is the literal.
    if (kind === "code") return false;
    if (IDENTIFIER_LIKE.test(value) && /[.(]/.test(value)) return false;
    if (value.startsWith("[") || value.startsWith("{") || value.startsWith("(")) return false;
  }
  return !PATH_LIKE.test(value);
}

function shannonBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function charClass(char: string): number {
  if (char >= "a" && char <= "z") return 0;
  if (char >= "A" && char <= "Z") return 1;
  if (char >= "0" && char <= "9") return 2;
  return 3;
}

/**
 * A value that looks drawn at random: long, mixed upper, lower and digits,
 * dense in information, and switching character class often (a camelCase
 * identifier switches rarely); or a long random hex string.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || !/^[A-Za-z0-9+/=_.~-]+$/.test(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) {
    const digits = value.replace(/[^0-9]/g, "").length;
    return value.length >= 32 && digits >= 6 && value.length - digits >= 6 && shannonBits(value) >= 3;
  }
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  let switches = 0;
  for (let index = 1; index < value.length; index += 1) {
    if (charClass(value[index]!) !== charClass(value[index - 1]!)) switches += 1;
  }
  return shannonBits(value) >= 3.5 && switches / value.length >= 0.3;
}

/** A token in prose or a comment that reads like a secret rather than a word. */
export function looksLikeSecretWord(raw: string): boolean {
  const value = raw.replace(/[.,;:!?)\]]+$/, "");
  if (/[(){}[\]<>$=;"'`\\]/.test(value)) return false; // code, not a word
  if (value.length < 6 || PLACEHOLDER.test(value) || REFERENCE.test(value) || ENV_NAME.test(value)) return false;
  if (PATH_LIKE.test(value) || VERSION_OR_ADDRESS.test(value) || IDENTIFIER_LIKE.test(value)) {
    // "hunter2" is an identifier in form, and a password in fact: letters and digits mixed count.
    if (!(/[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/[.(]/.test(value))) return false;
  }
  // "short-lived" and "read-only" are words; "hunter2", "Tern#Quay" and "Correct-Horse" are not.
  return /[0-9]/.test(value) || /[^A-Za-z.-]/.test(value) || /.[A-Z]/.test(value);
}

/** Letters and digits both, and no dots or underscores: a value, not a name in code. */
export function mixesLettersAndDigits(value: string): boolean {
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/[._]/.test(value);
}

const SECRET_PAIRS = new Set([
  "api key",
  "access key",
  "private key",
  "secret key",
  "signing key",
  "encryption key",
  "master key",
  "session key",
  "account key",
  "shared key",
  "license key",
  "client secret",
  "connection string",
  "conn str",
  "sas token",
  "deploy key",
  "app key",
  "webhook url",
]);
const PASS_WORDS = new Set(["bypass", "compass", "encompass", "overpass", "underpass", "surpass", "trespass"]);
/** Last parts that make a name about a secret rather than the secret itself (`PASSWORD_MIN_LENGTH`, `DB_PASSWORD_FILE`). */
const ABOUT_A_SECRET = new Set(
  "file path dir name names id ids length len min max ttl seconds ms minutes hours days required env var variable type header field rule rules hash hashed policy rotation version mode method pattern regex count prefix suffix attribute error message label hint placeholder url uri endpoint expires expiry at reset strength enabled disabled is has".split(
    " ",
  ),
);
const WEAK_SECRET_WORDS = new Set([
  "token",
  "tokens",
  "pass",
  "pwd",
  "pw",
  "auth",
  "authorization",
  "apikey",
  "apikeys",
  "credential",
  "credentials",
  "creds",
  "dsn",
  "privatekey",
  "pin",
]);
/** Names of digests and identifiers: a random-looking value under one of these is not a secret. */
export const HASH_NAMES =
  /(?:^|[_.-])(?:sha\d*|md5|hash|digest|checksum|integrity|commit|etag|revision|rev|nonce|fingerprint|uuid|guid|id|key_?id|kid|public_?key|pub_?key|cert(?:ificate)?)$/i;

/** The parts of a name: camelCase, snake_case, kebab-case and dotted names split, lower-cased. */
function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.toLowerCase());
}

/** Whether a variable, key or header name says that its value is a secret. */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  const last = parts.at(-1);
  if (last === undefined || ABOUT_A_SECRET.has(last)) return false;
  // Strong words count anywhere in the name (SECRET_KEY_BASE); weak ones only at its end (TOKEN_TTL is not a token).
  if (parts.some((part) => /password|passwd|passphrase|passcode|secret/.test(part))) return true;
  if (WEAK_SECRET_WORDS.has(last)) return true;
  if ((last.endsWith("pass") && !PASS_WORDS.has(last)) || last.endsWith("pwd") || (last.endsWith("token") && last.length <= 16))
    return true;
  return parts.length > 1 && SECRET_PAIRS.has(`${parts.at(-2)} ${last}`);
}

/** A value found by a pattern (a URL's password, a header's token) that is not a placeholder or a reference. */
export function placeholderFree(value: string | undefined): boolean {
  if (!value) return false;
  const clean = value.replace(/^["']|["']$/g, "");
  if (PLACEHOLDER.test(clean) || REFERENCE.test(clean) || PLACEHOLDER_INSIDE.test(clean) || /^\$|\$\{|<|^\*+$/.test(clean)) return false;
  // `options.apiKey` is a variable holding the secret, not the secret.
  return !(IDENTIFIER_LIKE.test(clean) && /[.(]/.test(clean));
}
