/**
 * The read gate's own secret rules: what secretlint's recommended preset
 * (secret-scanner.ts) does not find, shaped after gitleaks' rule set and
 * after what people really commit.
 *
 * - Key blocks whole, BEGIN to END, and other values that span lines (YAML
 *   block scalars, triple-quoted strings, heredocs, continued lines).
 * - Token shapes the preset lacks: Stripe, Google, GitLab, AWS key ids,
 *   Twilio, Vault, DigitalOcean, Telegram and others.
 * - A literal given to a name that says it is secret, in any casing and any
 *   of the forms code and configuration use (`DB_PASS=`, `pwd:`,
 *   `db.password = two words`), and a high-entropy literal given to any name.
 * - Credentials in URLs, headers, command lines and connection strings.
 * - Secrets written in prose ("the staging password is …").
 *
 * Each rule reports character ranges; the gate blanks every line they touch.
 * A rule errs towards blanking: a line lost costs a little, a secret quoted
 * costs a lot. What it must not blank is code that only names a secret
 * (`apiSecret: env.LIVEKIT_API_SECRET`), which is why values are judged
 * as literals, references or prose before anything is reported.
 */

/** How a file's text is written: code (only quoted values are literals), configuration, or prose. */
export type TextKind = "code" | "config" | "prose";

export type RuleMatch = { rule: string; start: number; end: number };

const CODE_EXTENSIONS =
  /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|rs|java|kt|kts|scala|rb|cs|c|cc|cpp|h|hpp|php|swift|dart|lua|pl|ex|exs|clj|groovy|vue|svelte)$/i;
const PROSE_EXTENSIONS = /\.(md|mdx|markdown|txt|rst|adoc|org)$/i;

export function textKindOf(relativePath: string | undefined): TextKind {
  if (!relativePath) return "prose";
  if (CODE_EXTENSIONS.test(relativePath)) return "code";
  if (PROSE_EXTENSIONS.test(relativePath)) return "prose";
  return "config";
}

// ---------------------------------------------------------------- values

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
const IDENTIFIER_LIKE = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(.*\))?[!?]?$/;
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const PATH_LIKE = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|^[\w.-]+(?:\/[\w.@-]+)+\/?$|^https?:\/\/[^@\s]*$/;
const VERSION_OR_ADDRESS = /^v?\d+(?:[.:]\d+)+$/;

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
function isLiteralSecret(raw: string, quoted: boolean, kind: TextKind, inComment: boolean): boolean {
  const value = raw.trim();
  if (!quoted && (kind === "prose" || inComment)) {
    // In a sentence or a comment, the word after "password:" is the secret if it reads like one ("hunter2"),
    // and a word otherwise ("token: the session's").
    return looksLikeSecretWord(value.split(/\s+/)[0] ?? "");
  }
  if (value.length < 4 || PLACEHOLDER.test(value) || REFERENCE.test(value) || PLACEHOLDER_INSIDE.test(value)) return false;
  if (/\$\{|#\{|\{\{|%\(|%[sd]\b/.test(value)) return false; // an interpolation: built at run time
  if (/\s/.test(value) && holdsPath(value)) return false;
  if (ENV_NAME.test(value) || VERSION_OR_ADDRESS.test(value) || /^\d{1,7}$/.test(value)) return false;
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
function looksLikeSecretWord(raw: string): boolean {
  const value = raw.replace(/[.,;:!?)\]]+$/, "");
  if (/[(){}[\]<>$=;"'`\\]/.test(value)) return false; // code, not a word
  if (value.length < 6 || PLACEHOLDER.test(value) || REFERENCE.test(value) || ENV_NAME.test(value)) return false;
  if (PATH_LIKE.test(value) || VERSION_OR_ADDRESS.test(value) || IDENTIFIER_LIKE.test(value)) {
    // "hunter2" is an identifier in form, and a password in fact: letters and digits mixed count.
    if (!(/[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/[.(]/.test(value))) return false;
  }
  return /[0-9]/.test(value) || /[^A-Za-z]/.test(value);
}

// ---------------------------------------------------------------- names

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
const HASH_NAMES =
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

// ---------------------------------------------------------------- helpers over text

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

function isCommentLine(text: string, offset: number): boolean {
  const line = text.slice(lineStartOf(text, offset), offset);
  return /^\s*(?:\/\/|#|\*|\/\*|--|;|<!--|%|rem\s)/i.test(line) || /\s(?:\/\/|#)\s/.test(line);
}

/** The end of a value that may run over several lines, starting at `from` (just after its operator). */
type ParsedValue = { value: string; quoted: boolean; start: number; end: number };

function parseValue(text: string, from: number, indent: number, backtickSpansLines: boolean): ParsedValue | undefined {
  let start = from;
  while (text[start] === " " || text[start] === "\t") start += 1;
  const first = text[start];
  if (first === undefined || first === "\n" || first === "\r") return undefined;
  const triple = text.slice(start, start + 3);
  if (triple === '"""' || triple === "'''") {
    const close = text.indexOf(triple, start + 3);
    const end = close === -1 ? lineEndOf(text, start) : close + 3;
    return { value: text.slice(start + 3, close === -1 ? end : close), quoted: true, start, end };
  }
  if (first === '"' || first === "'" || first === "`") {
    // Scan to the closing quote, past escapes; only a template literal in code may cross lines.
    let index = start + 1;
    while (index < text.length) {
      const char = text[index];
      if (char === "\\") index += 2;
      else if (char === first) break;
      else if (char === "\n" && !(first === "`" && backtickSpansLines)) break;
      else index += 1;
    }
    const closed = text[index] === first;
    return { value: text.slice(start + 1, index), quoted: true, start, end: closed ? index + 1 : index };
  }
  const heredoc = text.slice(start).match(/^<<[-~]?\s*["']?([A-Za-z_]\w*)["']?[ \t]*\n/);
  if (heredoc) {
    const bodyStart = start + heredoc[0].length;
    const terminator = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*$`, "m");
    const found = terminator.exec(text.slice(bodyStart));
    const end = found ? bodyStart + found.index + found[0].length : text.length;
    return { value: text.slice(bodyStart, found ? bodyStart + found.index : end), quoted: true, start, end };
  }
  const lineEnd = lineEndOf(text, start);
  const rest = text.slice(start, lineEnd);
  if (/^[|>][-+0-9]*\s*$/.test(rest)) {
    // A YAML block scalar: every following line indented deeper than the key.
    let end = lineEnd;
    let cursor = lineEnd + 1;
    while (cursor < text.length) {
      const next = lineEndOf(text, cursor);
      const line = text.slice(cursor, next);
      const lineIndent = line.match(/^[ \t]*/)![0].length;
      if (line.trim() !== "" && lineIndent <= indent) break;
      end = next;
      cursor = next + 1;
    }
    return { value: text.slice(lineEnd + 1, end), quoted: true, start, end };
  }
  // A bare value: to the end of the line, or to a trailing comment or a separator.
  const cut = rest.search(/\s+(?:#|\/\/)|[,;}\]]|\s*\)\s*$/);
  let value = cut === -1 ? rest : rest.slice(0, cut);
  let end = start + value.length;
  // A line continued with a backslash continues the value.
  let cursor = lineEnd;
  while (value.endsWith("\\") && cursor < text.length) {
    const next = lineEndOf(text, cursor + 1);
    value = `${value.slice(0, -1)}${text.slice(cursor + 1, next)}`;
    end = next;
    cursor = next;
  }
  return { value: value.trimEnd(), quoted: false, start, end };
}

// ---------------------------------------------------------------- rules

type Rule = { id: string; find: (text: string, kind: TextKind) => Iterable<[number, number]> };

function* regexRanges(text: string, pattern: RegExp, accept?: (match: RegExpExecArray) => boolean): Iterable<[number, number]> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex += 1;
    else if (!accept || accept(match)) yield [match.index, match.index + match[0].length];
  }
}

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/g;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|Private-MAC:/;
const KEY_BODY_LINE = /^[\s"'`,+\\]*(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]+: .*|)(?:\\n)?[\s"'`,+\\]*$/;

/** A private key, BEGIN to END; without an END, for as long as its body runs. */
function* privateKeyBlocks(text: string): Iterable<[number, number]> {
  KEY_BEGIN.lastIndex = 0;
  for (let match = KEY_BEGIN.exec(text); match; match = KEY_BEGIN.exec(text)) {
    const start = match.index;
    let end = lineEndOf(text, start);
    if (!KEY_END.test(text.slice(start, end))) {
      let cursor = end + 1;
      while (cursor < text.length) {
        const next = lineEndOf(text, cursor);
        const line = text.slice(cursor, next);
        if (KEY_END.test(line)) {
          end = next;
          break;
        }
        if (!KEY_BODY_LINE.test(line)) break;
        end = next;
        cursor = next + 1;
      }
    }
    yield [start, end];
    KEY_BEGIN.lastIndex = Math.max(KEY_BEGIN.lastIndex, end);
  }
}

/** Token shapes that mean a secret wherever they appear (the ones the preset lacks; see docs/guide.md). */
const TOKEN_SHAPES = new RegExp(
  [
    String.raw`\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b`, // AWS access key ids
    String.raw`\b(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99}\b`, // Stripe secret and restricted keys
    String.raw`\bwhsec_[A-Za-z0-9+/=]{24,}`, // Stripe webhook signing secrets
    String.raw`\bAIza[0-9A-Za-z_-]{35}\b`, // Google API keys
    String.raw`\bGOCSPX-[0-9A-Za-z_-]{20,}`, // Google OAuth client secrets
    String.raw`\bya29\.[0-9A-Za-z_-]{20,}`, // Google OAuth access tokens
    String.raw`\b1\/\/0[0-9A-Za-z_-]{30,}`, // Google OAuth refresh tokens
    String.raw`\bgl(?:pat|dt|ptt|rt|cbt|imt|oas|soat|ffct)-[0-9A-Za-z_-]{20,}`, // GitLab tokens
    String.raw`\bSK[0-9a-fA-F]{32}\b`, // Twilio API keys
    String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,}`, // HashiCorp Vault tokens
    String.raw`\bdo[opr]_v1_[a-f0-9]{64}\b`, // DigitalOcean tokens
    String.raw`\bkey-[0-9a-f]{32}\b`, // Mailgun API keys
    String.raw`\b[0-9a-f]{32}-us[0-9]{1,2}\b`, // Mailchimp API keys
    String.raw`\b[0-9]{8,10}:AA[0-9A-Za-z_-]{33}\b`, // Telegram bot tokens
    String.raw`\bdckr_pat_[A-Za-z0-9_-]{27,}`, // Docker Hub personal access tokens
    String.raw`\bpypi-AgE[A-Za-z0-9_-]{50,}`, // PyPI upload tokens
    String.raw`\bdapi[a-f0-9]{32}\b`, // Databricks tokens
    String.raw`\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b`, // age secret keys
    String.raw`\bNRAK-[A-Z0-9]{27}\b`, // New Relic user keys
    String.raw`\bPMAK-[0-9a-f]{24}-[0-9a-f]{34}\b`, // Postman API keys
    String.raw`\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,}`, // Square tokens
    String.raw`\bdp\.(?:pt|st|sa|ct|scim)\.[A-Za-z0-9]{40,}`, // Doppler tokens
    String.raw`\bfigd_[A-Za-z0-9_-]{40,}`, // Figma tokens
    String.raw`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`, // JSON Web Tokens
  ].join("|"),
  "g",
);

/** A name, an assignment operator, and what follows: the value is judged by parseValue and isLiteralSecret. */
const ASSIGNMENT = /(["'`]?)([A-Za-z_$@][\w$@.-]{0,80})\1[ \t]*\]?[ \t]*(:=|=>|\?=|\+=|=(?![=>~])|:(?![:/=]))/g;
const DOCKER_ENV = /^[ \t]*(?:ENV|ARG)[ \t]+([A-Za-z_]\w*)[ \t]+(?!=)(\S.*)$/gm;
const XML_ELEMENT = /<([\w:.-]*(?:password|passwd|secret|token|apikey|api-key|api_key|credential)[\w:.-]*)>([^<\n]{4,})<\/\1>/gi;
const CALL_WITH_SECRET = /\b(?:set|with|use)?(?:Password|Passwd|Secret|ApiKey|AccessToken|AuthToken)\s*\(\s*(["'`])([^"'`\n]{4,})\1\s*\)/g;

function* assignments(text: string, kind: TextKind, wantSecretNames: boolean): Iterable<[number, number]> {
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(text); match; match = ASSIGNMENT.exec(text)) {
    const name = match[2]!;
    const secretName = isSecretName(name);
    if (secretName !== wantSecretNames) continue;
    const lineStart = lineStartOf(text, match.index);
    const indent = text.slice(lineStart, match.index).match(/^[ \t]*/)![0].length;
    const inComment = isCommentLine(text, match.index);
    const parsed = parseValue(text, match.index + match[0].length, indent, kind === "code" && !inComment);
    if (!parsed) continue;
    if (wantSecretNames) {
      if (!isLiteralSecret(parsed.value, parsed.quoted, kind, inComment)) continue;
    } else {
      const value = parsed.value.trim();
      if (HASH_NAMES.test(name) || !looksRandom(value) || /^sha\d+-|^data:|^https?:/.test(value)) continue;
      if (!parsed.quoted && kind === "code" && !inComment) continue;
    }
    yield [match.index, parsed.end];
    ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, parsed.end);
  }
}

function* dockerfileEnv(text: string, kind: TextKind): Iterable<[number, number]> {
  DOCKER_ENV.lastIndex = 0;
  for (let match = DOCKER_ENV.exec(text); match; match = DOCKER_ENV.exec(text)) {
    if (isSecretName(match[1]!) && isLiteralSecret(match[2]!.trim(), false, kind === "code" ? "config" : kind, false)) {
      yield [match.index, match.index + match[0].length];
    }
  }
}

const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/'"`<>]*):([^\s@/'"`<>]+)@[\w.-]/gi;
const URL_SECRET_PARAM =
  /[?&;](?:access_token|accesstoken|token|api_key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|private_token|x-amz-signature|x-goog-signature)=([^&\s'"`#<>]{8,})/gi;

const AUTH_HEADER =
  /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?\s*(?:bearer|basic|token|bot|digest|apikey|sso-key|key)\s+([A-Za-z0-9._~+/=:-]{8,})/gi;
const KEY_HEADER =
  /\b(?:x-api-key|x-auth-token|x-access-token|api-key|private-token|x-vault-token|x-goog-api-key|ocp-apim-subscription-key|x-functions-key|x-shopify-access-token)["']?\s*:\s*["']?([A-Za-z0-9._~+/=-]{8,})/gi;
const CLI_USER = /(?:^|\s)(?:-u|--user)[ =]["']?([^\s:"']+):([^\s"']{3,})/g;
const CLI_FLAG =
  /(?:^|\s)--(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|auth-token|access-token|private-key)(?:=|\s+)(["']?)([^\s"']{4,})\1/gi;
const MYSQL_PASSWORD = /\bmysql(?:dump|admin|sh)?\b[^\n]*?\s-p(?:([^\s"'-][^\s"']{2,})|(["'])([^"'\n]{3,})\2)/g;

function placeholderFree(value: string | undefined): boolean {
  if (!value) return false;
  const clean = value.replace(/^["']|["']$/g, "");
  if (PLACEHOLDER.test(clean) || REFERENCE.test(clean) || PLACEHOLDER_INSIDE.test(clean) || /^\$|\$\{|<|^\*+$/.test(clean)) return false;
  // `options.apiKey` is a variable holding the secret, not the secret.
  return !(IDENTIFIER_LIKE.test(clean) && /[.(]/.test(clean));
}

/** `Server=db;User Id=app;Password=…;`: a pair among others separated by semicolons. */
const CONNECTION_STRING_PART =
  /(?:^|[;"'\s])(?:password|pwd|user password|accountkey|sharedaccesskey|sharedaccesssignature|sharedsecret|apikey|api key|client secret)[ \t]*=[ \t]*([^;"'\n]{3,})(?=;)|(?<=;[ \t]*)(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)[ \t]*=[ \t]*([^;"'\n]{3,})/gi;

const PROSE_SECRET =
  /\b(?:passwords?|passphrase|passcode|pass ?code|pin|secret|secret key|token|api[ -]?key|access key|credentials?|login)\b(?:[ \t]+(?:for|of|to|on|in)[ \t]+(?:the[ \t]+|our[ \t]+)?[\w.-]+(?:[ \t]+[\w.-]+){0,2}?)?[ \t]*(?:is|are|was|were|reads|becomes|:|=|=>|—|–)[ \t]*(?:set to[ \t]+|still[ \t]+|now[ \t]+|just[ \t]+)?(?:(["'`“‘])([^"'`”’\n]{4,}?)(?:["'`”’])|([^\s"'`“‘]{6,}))/gi;
const PROSE_VERB = /\b(?:is|are|was|were|reads|becomes)\b/i;
const PROSE_SECRET_AFTER_VERB =
  /\b(?:use|with|using|enter|type|paste)[ \t]+(?:the[ \t]+)?(?:password|passphrase|token|secret|api[ -]?key|key)[ \t]+(?:(["'`“‘])([^"'`”’\n]{4,}?)(?:["'`”’])|([^\s"'`“‘]{6,}))/gi;

/**
 * Secrets in sentences: anywhere in prose and configuration, and in the
 * comments and docstrings of code. In code outside a comment, only a verb
 * ("the password is …") makes a sentence: `token: value` there is an
 * assignment, judged by the assignment rule.
 */
function* proseSecrets(text: string, kind: TextKind): Iterable<[number, number]> {
  for (const pattern of [PROSE_SECRET, PROSE_SECRET_AFTER_VERB]) {
    yield* regexRanges(text, pattern, (match) => {
      if (kind === "code" && !isCommentLine(text, match.index) && pattern === PROSE_SECRET && !PROSE_VERB.test(match[0])) return false;
      const quoted = match[2];
      if (quoted !== undefined) return isLiteralSecret(quoted, true, "prose", true) && !IDENTIFIER_LIKE.test(quoted.trim());
      return looksLikeSecretWord(match[3] ?? "");
    });
  }
}

export const OWN_RULES: readonly Rule[] = [
  { id: "private-key", find: (text) => privateKeyBlocks(text) },
  { id: "token-shape", find: (text) => regexRanges(text, TOKEN_SHAPES) },
  {
    id: "secret-assignment",
    find: function* (text, kind) {
      yield* assignments(text, kind, true);
      yield* dockerfileEnv(text, kind);
      yield* regexRanges(text, XML_ELEMENT, (match) => isLiteralSecret(match[2]!, true, kind, false));
      yield* regexRanges(text, CALL_WITH_SECRET, (match) => isLiteralSecret(match[2]!, true, kind, false));
    },
  },
  { id: "high-entropy-value", find: (text, kind) => assignments(text, kind, false) },
  {
    id: "credentials-in-url",
    find: function* (text) {
      yield* regexRanges(text, URL_USERINFO, (match) => placeholderFree(match[2]) && match[2]!.length >= 3);
      yield* regexRanges(text, URL_SECRET_PARAM, (match) => placeholderFree(match[1]));
    },
  },
  {
    id: "credentials-in-header-or-command",
    find: function* (text) {
      yield* regexRanges(text, AUTH_HEADER, (match) => placeholderFree(match[1]));
      yield* regexRanges(text, KEY_HEADER, (match) => placeholderFree(match[1]));
      yield* regexRanges(text, CLI_USER, (match) => placeholderFree(match[2]));
      yield* regexRanges(text, CLI_FLAG, (match) => placeholderFree(match[2]) && !match[2]!.startsWith("-"));
      yield* regexRanges(text, MYSQL_PASSWORD, (match) => placeholderFree(match[1] ?? match[3]));
    },
  },
  {
    id: "connection-string",
    find: (text) => regexRanges(text, CONNECTION_STRING_PART, (match) => placeholderFree((match[1] ?? match[2])?.trim())),
  },
  { id: "secret-in-prose", find: (text, kind) => proseSecrets(text, kind) },
];

/** Every range the own rules find in the text, with the rule that found it. */
export function findWithOwnRules(text: string, kind: TextKind): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const rule of OWN_RULES) {
    for (const [start, end] of rule.find(text, kind)) matches.push({ rule: rule.id, start, end });
  }
  return matches;
}
