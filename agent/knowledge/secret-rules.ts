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
 * as literals, references or prose (secret-values.ts) before anything is
 * reported.
 */
import {
  HASH_NAMES,
  IDENTIFIER_LIKE,
  isLiteralSecret,
  isSecretName,
  looksLikeSecretWord,
  looksRandom,
  mixesLettersAndDigits,
  placeholderFree,
  type TextKind,
} from "./secret-values";

export type RuleMatch = { rule: string; start: number; end: number };

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

/** Where a line's comment starts (a comment marker first on the line, or after a space), or -1. */
function commentStartIn(line: string): number {
  const lead = line.match(/^[ \t]*(?:\/\/|#|\*|\/\*|--|;|<!--|%|rem\s)/i);
  if (lead) return 0;
  const trailing = line.search(/[ \t](?:\/\/|#)[ \t]/);
  return trailing;
}

/** Whether an offset is in a comment: each line's comment is found once, however many matches it holds. */
function commentTest(text: string): (offset: number) => boolean {
  let lineStart = -1;
  let lineEnd = -1;
  let commentStart = -1;
  return (offset) => {
    if (offset < lineStart || offset > lineEnd) {
      lineStart = lineStartOf(text, offset);
      lineEnd = lineEndOf(text, lineStart);
      commentStart = commentStartIn(text.slice(lineStart, lineEnd));
    }
    return commentStart !== -1 && offset - lineStart >= commentStart;
  };
}
/**
 * How far a value is followed: every rule reads a bounded stretch of text
 * from where it starts, so that no file (a hostile repository writes its own)
 * can make the gate's work grow faster than its size.
 */
const MAX_VALUE_CHARS = 4_096;
const MAX_VALUE_LINES = 200;

/** The end of a value that may run over several lines, starting at `from` (just after its operator). */
type ParsedValue = { value: string; quoted: boolean; start: number; end: number };

const HEREDOC = /<<[-~]?[ \t]*["']?([A-Za-z_]\w{0,31})["']?[ \t]*\n/y;

/** The end of the line `lines` lines after the one holding `offset`, or the text's end. */
function endAfterLines(text: string, offset: number, lines: number): number {
  let end = offset;
  for (let count = 0; count < lines && end < text.length; count += 1) end = lineEndOf(text, end + 1);
  return Math.min(end, text.length);
}

const STRING_PREFIX = /(?:[rRbBuU]|[fF][rR]?|[rR][bBfF])(?=["'])/y;

function parseValue(text: string, from: number, indent: number, inCode: boolean): ParsedValue | undefined {
  let start = from;
  while (text[start] === " " || text[start] === "\t") start += 1;
  if (inCode && (text[start] === "\n" || text[start] === "\r")) {
    // `const secret =` with its string on the next line.
    let next = text.indexOf("\n", start) + 1;
    while (text[next] === " " || text[next] === "\t") next += 1;
    if (next > 0 && /["'`]/.test(text[next] ?? "")) start = next;
  }
  STRING_PREFIX.lastIndex = start;
  const prefix = inCode ? STRING_PREFIX.exec(text) : null;
  if (prefix) {
    // Python's b'…', r'…' and u'…' are literals; an f-string with a {field} is built at run time.
    start += prefix[0].length;
    if (/f/i.test(prefix[0]) && /^["'][^"'\n]*\{/.test(text.slice(start, start + 256))) return undefined;
  }
  const backtickSpansLines = inCode;
  const first = text[start];
  if (first === undefined || first === "\n" || first === "\r") return undefined;
  const limit = Math.min(text.length, start + MAX_VALUE_CHARS);
  const triple = text.slice(start, start + 3);
  if (triple === '"""' || triple === "'''") {
    const close = text.indexOf(triple, start + 3);
    const end = close === -1 || close > limit ? lineEndOf(text, start) : close + 3;
    return { value: text.slice(start + 3, close === -1 || close > limit ? end : close), quoted: true, start, end };
  }
  if (first === '"' || first === "'" || first === "`") {
    // Scan to the closing quote, past escapes; only a template literal in code may cross lines.
    let index = start + 1;
    while (index < limit) {
      const char = text[index];
      if (char === "\\") index += 2;
      else if (char === first) break;
      else if (char === "\n" && !(first === "`" && backtickSpansLines)) break;
      else index += 1;
    }
    // An opening quote with no closing one on its line is a word in a sentence (`?api_key=`), not a string.
    if (text[index] === first) return { value: text.slice(start + 1, index), quoted: true, start, end: index + 1 };
    const lineEnd = Math.min(lineEndOf(text, start), limit);
    return { value: text.slice(start + 1, lineEnd), quoted: false, start, end: lineEnd };
  }
  HEREDOC.lastIndex = start;
  const heredoc = HEREDOC.exec(text);
  if (heredoc) {
    const bodyStart = start + heredoc[0].length;
    const bodyEnd = endAfterLines(text, bodyStart, MAX_VALUE_LINES);
    const found = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*$`, "m").exec(text.slice(bodyStart, bodyEnd));
    const end = found ? bodyStart + found.index + found[0].length : bodyEnd;
    return { value: text.slice(bodyStart, found ? bodyStart + found.index : end), quoted: true, start, end };
  }
  const lineEnd = lineEndOf(text, start);
  const rest = text.slice(start, Math.min(lineEnd, limit));
  if (/^[|>][-+0-9]*[ \t]*$/.test(rest)) {
    // A YAML block scalar: every following line indented deeper than the key.
    let end = lineEnd;
    let cursor = lineEnd + 1;
    for (let lines = 0; cursor < text.length && lines < MAX_VALUE_LINES; lines += 1) {
      const next = lineEndOf(text, cursor);
      const line = text.slice(cursor, next);
      const lineIndent = line.length - line.trimStart().length;
      if (line.trim() !== "" && lineIndent <= indent) break;
      end = next;
      cursor = next + 1;
    }
    return { value: text.slice(lineEnd + 1, end), quoted: true, start, end };
  }
  // A bare value: to the end of the line, or to a trailing comment or a separator.
  const cut = rest.search(/[ \t](?:#|\/\/)|[,;}\]]|\)[ \t]*$/);
  let value = cut === -1 ? rest : rest.slice(0, cut);
  let end = start + value.length;
  // A line continued with a backslash continues the value.
  let cursor = lineEnd;
  for (let lines = 0; value.endsWith("\\") && cursor < text.length && lines < MAX_VALUE_LINES; lines += 1) {
    const next = lineEndOf(text, cursor + 1);
    value = `${value.slice(0, -1)}${text.slice(cursor + 1, Math.min(next, cursor + 1 + MAX_VALUE_CHARS))}`;
    end = next;
    cursor = next;
  }
  return { value: value.trimEnd(), quoted: false, start, end };
}

function* regexRanges(text: string, pattern: RegExp, accept?: (match: RegExpExecArray) => boolean): Iterable<[number, number]> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex += 1;
    else if (!accept || accept(match)) yield [match.index, match.index + match[0].length];
  }
}

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/g;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|Private-MAC:/;
const KEY_BODY = /^(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]+: .*)?(?:\\n)?$/;

/** A line of a key's body (base64, or a `Proc-Type:` header), as it stands alone or inside a quoted, continued string. */
function isKeyBodyLine(line: string): boolean {
  return KEY_BODY.test(line.replace(/^[\s"'`,+\\]+/, "").replace(/[\s"'`,+\\]+$/, ""));
}

/** A private key, BEGIN to END; without an END, for as long as its body runs. */
function* privateKeyBlocks(text: string): Iterable<[number, number]> {
  KEY_BEGIN.lastIndex = 0;
  for (let match = KEY_BEGIN.exec(text); match; match = KEY_BEGIN.exec(text)) {
    const start = match.index;
    let end = lineEndOf(text, start);
    if (!KEY_END.test(text.slice(start, end))) {
      let cursor = end + 1;
      for (let lines = 0; cursor < text.length && lines < MAX_VALUE_LINES; lines += 1) {
        const next = lineEndOf(text, cursor);
        const line = text.slice(cursor, next);
        if (KEY_END.test(line)) {
          end = next;
          break;
        }
        if (!isKeyBodyLine(line)) break;
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
    String.raw`\bwhsec_[A-Za-z0-9+/=]{24,256}`, // Stripe webhook signing secrets
    String.raw`\bAIza[0-9A-Za-z_-]{35}\b`, // Google API keys
    String.raw`\bGOCSPX-[0-9A-Za-z_-]{20,128}`, // Google OAuth client secrets
    String.raw`\bya29\.[0-9A-Za-z_-]{20,512}`, // Google OAuth access tokens
    String.raw`\b1\/\/0[0-9A-Za-z_-]{30,512}`, // Google OAuth refresh tokens
    String.raw`\bgl(?:pat|dt|ptt|rt|cbt|imt|oas|soat|ffct)-[0-9A-Za-z_-]{20,128}`, // GitLab tokens
    String.raw`\bSK[0-9a-fA-F]{32}\b`, // Twilio API keys
    String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,256}`, // HashiCorp Vault tokens
    String.raw`\bdo[opr]_v1_[a-f0-9]{64}\b`, // DigitalOcean tokens
    String.raw`\bkey-[0-9a-f]{32}\b`, // Mailgun API keys
    String.raw`\b[0-9a-f]{32}-us[0-9]{1,2}\b`, // Mailchimp API keys
    String.raw`\b[0-9]{8,10}:AA[0-9A-Za-z_-]{33}\b`, // Telegram bot tokens
    String.raw`\bdckr_pat_[A-Za-z0-9_-]{27,128}`, // Docker Hub personal access tokens
    String.raw`\bpypi-AgE[A-Za-z0-9_-]{50,512}`, // PyPI upload tokens
    String.raw`\bdapi[a-f0-9]{32}\b`, // Databricks tokens
    String.raw`\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b`, // age secret keys
    String.raw`\bNRAK-[A-Z0-9]{27}\b`, // New Relic user keys
    String.raw`\bPMAK-[0-9a-f]{24}-[0-9a-f]{34}\b`, // Postman API keys
    String.raw`\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,128}`, // Square tokens
    String.raw`\bdp\.(?:pt|st|sa|ct|scim)\.[A-Za-z0-9]{40,128}`, // Doppler tokens
    String.raw`\bfigd_[A-Za-z0-9_-]{40,128}`, // Figma tokens
  ].join("|"),
  "g",
);

/** A JSON Web Token: a base64url header and payload (both JSON objects, so both start `eyJ`) and a signature. */
function* jsonWebTokens(text: string): Iterable<[number, number]> {
  // Each run of base64url characters and dots is looked at once, split at its dots: no run is read twice.
  const runs = /[A-Za-z0-9_.-]+/g;
  for (let run = runs.exec(text); run; run = runs.exec(text)) {
    if (run[0].length < 36) continue;
    const parts = run[0].split(".");
    for (let index = 0; index + 2 < parts.length; index += 1) {
      const [header, payload, signature] = [parts[index]!, parts[index + 1]!, parts[index + 2]!];
      if (/eyJ[A-Za-z0-9_-]{7,}$/.test(header) && /^eyJ[A-Za-z0-9_-]{7,}$/.test(payload) && /^[A-Za-z0-9_-]{10,}/.test(signature)) {
        yield [run.index, run.index + run[0].length];
        break;
      }
    }
  }
}

/** A name, an assignment operator, and what follows: the value is judged by parseValue and isLiteralSecret. */
const ASSIGNMENT = /(["'`]?)([A-Za-z_$@][\w$@.-]{0,80})\1[ \t]*(?:\][ \t]*)?(:=|=>|\?\?=|\|\|=|\?=|\+=|=(?![=>~])|:(?![:/=]))/g;
const DOCKER_ENV = /^[ \t]*(?:ENV|ARG)[ \t]+([A-Za-z_]\w*)[ \t]+(?!=)(\S.*)$/gm;
const XML_ELEMENT = /<([\w:.-]*(?:password|passwd|secret|token|apikey|api-key|api_key|credential)[\w:.-]*)>([^<\n]{4,})<\/\1>/gi;
/** `<property name="password" value="…"/>`, `<add key="ApiKey" value="…" />`. */
const XML_NAME_VALUE = /\b(?:name|key)\s*=\s*"([\w.:-]{1,80})"\s+value\s*=\s*"([^"\n]{4,256})"/gi;
const CALL_WITH_SECRET =
  /\b(?:set|with|use)?(?:Password|Passwd|Secret|ApiKey|AccessToken|AuthToken)\s*\(\s*(["'`])([^"'`\n]{4,256})\1\s*\)/g;

/** A type between a name and its value: `: string =`, `: Final =`, `: Optional[str] =`. */
const TYPE_ANNOTATION = /[ \t]*[A-Za-z_$][\w$.]{0,40}(?:[<[][\w$., <>[\]|]{0,60}[>\]])?[ \t]*(?:\|[ \t]*[\w$.]{1,40}[ \t]*){0,3}=(?![=>])/y;
/** `('user', 'password')`: a tuple of two strings. */
const PAIR = /^\(\s*(["'])[^"'\n]{1,64}\1\s*,\s*["']([^"'\n]{4,256})["']\s*\)/;

/** A word that may make a name a secret's name: the lines without one (or a random-looking value) are not looked at. */
const SECRET_NAME_HINT = /pass|pw|secret|token|key|auth|cred|dsn|pin|conn|webhook/gi;
// Every run of token characters, long or short: a `{20,}` quantifier would retry at each position of a short run.
const TOKEN_RUN = /[A-Za-z0-9+/=_.~-]+/g;

/** Where the lines start that may hold a secret assignment: a hint of a secret name, or a random-looking value. */
function candidateLines(text: string): number[] {
  const starts: number[] = [];
  for (let lineStart = 0; lineStart <= text.length; ) {
    const lineEnd = lineEndOf(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    SECRET_NAME_HINT.lastIndex = 0;
    let candidate = SECRET_NAME_HINT.test(line);
    TOKEN_RUN.lastIndex = 0;
    for (let token = TOKEN_RUN.exec(line); token && !candidate; token = TOKEN_RUN.exec(line)) {
      candidate = token[0].length >= 20 && looksRandom(token[0]);
    }
    if (candidate) starts.push(lineStart);
    lineStart = lineEnd + 1;
  }
  return starts;
}

/** At most this many assignments are judged on one line: past that, it is data or minified code, not a setting. */
const MAX_ASSIGNMENTS_PER_LINE = 256;

/**
 * Assignments whose value is a secret: a literal given to a name that says it
 * is secret ("secret-assignment"), or a random-looking literal given to any
 * name ("high-entropy-value"). Only the lines that could hold one are read.
 */
function* assignments(text: string, kind: TextKind): Iterable<RuleMatch> {
  let reportedUntil = 0;
  for (const lineStart of candidateLines(text)) {
    if (lineStart < reportedUntil) continue; // inside a value already reported
    const line = text.slice(lineStart, lineEndOf(text, lineStart));
    const indent = line.length - line.trimStart().length;
    const commentStart = commentStartIn(line);
    ASSIGNMENT.lastIndex = 0;
    let judged = 0;
    for (let match = ASSIGNMENT.exec(line); match && judged < MAX_ASSIGNMENTS_PER_LINE; match = ASSIGNMENT.exec(line), judged += 1) {
      const name = match[2]!;
      const at = lineStart + match.index;
      const inComment = commentStart !== -1 && match.index >= commentStart;
      const inCode = kind === "code" && !inComment;
      let valueStart = at + match[0].length;
      if (inCode && match[3] === ":") {
        // `password: str = "…"`, `const DB_PASSWORD: string = "…"`: a type, then the value.
        TYPE_ANNOTATION.lastIndex = valueStart;
        const annotation = TYPE_ANNOTATION.exec(text);
        if (annotation) valueStart += annotation[0].length;
      }
      const parsed = parseValue(text, valueStart, indent, inCode);
      if (!parsed) continue;
      let rule: string | undefined;
      if (isSecretName(name)) {
        // `auth=('admin', '…')`: a pair's second part is the password.
        const pair = !parsed.quoted && inCode ? PAIR.exec(text.slice(parsed.start, lineEndOf(text, parsed.start))) : null;
        if (pair ? isLiteralSecret(pair[2]!, true, kind, false) : isLiteralSecret(parsed.value, parsed.quoted, kind, inComment)) {
          rule = "secret-assignment";
        }
      } else {
        const value = parsed.value.trim();
        const random = !HASH_NAMES.test(name) && looksRandom(value) && !/^sha\d+-|^data:|^https?:/.test(value);
        if (random && (parsed.quoted || kind !== "code" || inComment)) rule = "high-entropy-value";
      }
      if (!rule) continue;
      yield { rule, start: at, end: parsed.end };
      reportedUntil = parsed.end;
      if (parsed.end >= lineStart + line.length) break;
      ASSIGNMENT.lastIndex = parsed.end - lineStart;
    }
  }
}

/** `define('DB_PASSWORD', '…')`, `os.environ.setdefault("API_TOKEN", "…")`: a secret's name and its value, passed together. */
const NAMED_VALUE_CALL = /\(\s*(["'])([\w.-]{1,80})\1\s*,\s*(["'])([^"'\n]{4,256})\3/g;
/** `{"name": "DB_PASSWORD", "value": "…"}` (ECS, Compose-like JSON). */
const NAME_VALUE_JSON = /"name"\s*:\s*"([\w.-]{1,80})"\s*,\s*"value"\s*:\s*"([^"\n]{4,256})"/g;
/** A Kubernetes env entry: `- name: DB_PASSWORD`, then `value: …` on the next line. */
const NAME_LINE = /^[ \t]*-?[ \t]*name:[ \t]*["']?([\w.-]{1,80})["']?[ \t]*$/;
const VALUE_LINE = /^[ \t]*value:[ \t]*(.{1,256})$/;
/** Go's `user:password@tcp(host)` DSN. */
const GO_DSN = /\b[\w.-]{1,64}:([^@\s/:'"`]{3,128})@(?:tcp|unix|udp)\(/g;
/** A netrc line: `machine host login user password …`. */
const NETRC = /\b(?:machine|default)\b[^\n]{0,256}?\bpassword[ \t]+(\S{3,256})/g;

function* namedValues(text: string, kind: TextKind): Iterable<[number, number]> {
  yield* regexRanges(text, NAMED_VALUE_CALL, (match) => isSecretName(match[2]!) && isLiteralSecret(match[4]!, true, kind, false));
  yield* regexRanges(text, NAME_VALUE_JSON, (match) => isSecretName(match[1]!) && isLiteralSecret(match[2]!, true, kind, false));
  // A name line and the value line after it.
  let previous: { start: number; name: string } | undefined;
  for (let lineStart = 0; lineStart <= text.length; ) {
    const lineEnd = lineEndOf(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const value = previous && VALUE_LINE.exec(line);
    if (previous && value && isSecretName(previous.name) && isLiteralSecret(value[1]!.replace(/^["']|["']$/g, ""), true, "config", false)) {
      yield [previous.start, lineEnd];
    }
    const name = NAME_LINE.exec(line);
    previous = name ? { start: lineStart, name: name[1]! } : undefined;
    lineStart = lineEnd + 1;
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

const URL_USERINFO = /\b[a-z][a-z0-9+.-]{0,31}:\/\/([^\s:@/'"`<>]{0,256}):([^\s@/'"`<>]{1,256})@[\w.-]/gi;
const URL_SECRET_PARAM =
  /[?&;](?:access_token|accesstoken|token|api_key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|private_token|x-amz-signature|x-goog-signature)=([^&\s'"`#<>]{8,512})/gi;

const AUTH_HEADER =
  /\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*(?:["'][ \t]*)?(?:bearer|basic|token|bot|digest|apikey|sso-key|key)[ \t]+([A-Za-z0-9._~+/=:-]{8,512})/gi;
const KEY_HEADER =
  /\b(?:x-api-key|x-auth-token|x-access-token|api-key|private-token|x-vault-token|x-goog-api-key|ocp-apim-subscription-key|x-functions-key|x-shopify-access-token)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9._~+/=-]{8,512})/gi;
const CLI_USER = /(?:^|\s)(?:-u|--user)[ =]["']?([^\s:"']{1,128}):([^\s"']{3,256})/g;
const CLI_FLAG =
  /(?:^|\s)--(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|auth-token|access-token|private-key)(?:=|[ \t]+)(["']?)([^\s"']{4,256})\1/gi;
const MYSQL_CLIENT = /\b(?:mysql(?:dump|admin|sh)?|sshpass)\b|\b(?:docker|podman)[ \t]+login\b/;
const PASSWORD_FLAG = /(?:^|[ \t])-p(?:([^\s"'-][^\s"']{2,255})|[ \t]*(["'])([^"'\n]{3,256})\2|[ \t]+([^\s"'-][^\s"']{2,255}))/g;

/** `mysql -u root -p…`, `sshpass -p …`, `docker login -p …`: a password given to a client after its name, on its line. */
function* passwordFlags(text: string): Iterable<[number, number]> {
  for (let lineStart = 0; lineStart <= text.length; ) {
    const lineEnd = lineEndOf(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const client = MYSQL_CLIENT.exec(line);
    if (client) {
      PASSWORD_FLAG.lastIndex = client.index;
      for (let flag = PASSWORD_FLAG.exec(line); flag; flag = PASSWORD_FLAG.exec(line)) {
        // `-p 3306` after docker is a port; a mysql password is glued to -p, and sshpass's comes after a space.
        const value = flag[1] ?? flag[3] ?? flag[4];
        if (flag[4] !== undefined && client[0].startsWith("mysql")) continue;
        if (placeholderFree(value) && !/^\d+(?::\d+)?$/.test(value!))
          yield [lineStart + flag.index, lineStart + flag.index + flag[0].length];
      }
    }
    lineStart = lineEnd + 1;
  }
}

/** `Server=db;User Id=app;Password=…;`: a pair among others separated by semicolons. */
const CONNECTION_STRING_HINT = /password|pwd|accountkey|sharedaccess|sharedsecret|api ?key|client secret/i;
const CONNECTION_STRING_KEY =
  /^[ \t"']*(?:password|pwd|user password|accountkey|sharedaccesskey|sharedaccesssignature|sharedsecret|apikey|api key|client secret)[ \t]*$/i;

/** Each `key=value` pair of a line that holds several, separated by semicolons: a secret key's value is a secret. */
function* connectionStrings(text: string): Iterable<[number, number]> {
  for (let lineStart = 0; lineStart <= text.length; ) {
    const lineEnd = lineEndOf(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    if (line.includes(";") && CONNECTION_STRING_HINT.test(line)) {
      let offset = 0;
      for (const pair of line.split(";")) {
        const equals = pair.indexOf("=");
        const value =
          equals === -1
            ? ""
            : pair
                .slice(equals + 1)
                .replace(/["',]+[ \t]*$/, "")
                .trim();
        if (equals !== -1 && CONNECTION_STRING_KEY.test(pair.slice(0, equals)) && value.length >= 3 && placeholderFree(value)) {
          yield [lineStart + offset, lineStart + offset + pair.length];
        }
        offset += pair.length + 1;
      }
    }
    lineStart = lineEnd + 1;
  }
}

const PROSE_SECRET =
  /\b(?:passwords?|passphrase|passcode|pass ?code|pin|secret|secret key|token|api[ -]?key|access key|credentials?|login)\b(?:[ \t]+(?:for|of|to|on|in)[ \t]+(?:the[ \t]+|our[ \t]+)?[\w.-]{1,64}(?:[ \t]+[\w.-]{1,64}){0,2}?)?[ \t]*(?:is|are|was|were|reads|becomes|:|=|=>|->|→|—|–)[ \t]*(?:set to[ \t]+|still[ \t]+|now[ \t]+|just[ \t]+)?(?:(["'`“‘])([^"'`”’\n]{4,256}?)(?:["'`”’])|([^\s"'`“‘]{6,256}))/gi;
/** "user `admin` and password `…`": the value quoted right after the word. */
const PROSE_SECRET_QUOTED = /\b(?:password|passphrase|passcode|secret|token|api[ -]?key)[ \t]+(["'`])([^"'`\n]{4,128})\1/gi;
/** A Markdown table row that pairs a secret's name with its value: `| Password | hunter2 |`. */
const TABLE_ROW =
  /^[ \t]*\|?[ \t]*(?:\*\*)?(?:passwords?|passphrase|passcode|secret|token|api[ -]?key|pin)(?:\*\*)?[ \t]*\|[ \t]*`?([^|`\n]{4,128}?)`?[ \t]*\|/gim;
const PROSE_VERB = /\b(?:is|are|was|were|reads|becomes)\b/i;
const PROSE_SECRET_AFTER_VERB =
  /\b(?:use|with|using|enter|type|paste)[ \t]+(?:the[ \t]+)?(?:password|passphrase|token|secret|api[ -]?key|key)[ \t]+(?:(["'`“‘])([^"'`”’\n]{4,256}?)(?:["'`”’])|([^\s"'`“‘]{6,256}))/gi;

/**
 * Secrets in sentences: anywhere in prose and configuration, and in the
 * comments and docstrings of code. In code outside a comment, only a verb
 * ("the password is …") makes a sentence: `token: value` there is an
 * assignment, judged by the assignment rule.
 */
function* proseSecrets(text: string, kind: TextKind): Iterable<[number, number]> {
  const isCommentLine = commentTest(text);
  for (const pattern of [PROSE_SECRET, PROSE_SECRET_AFTER_VERB]) {
    yield* regexRanges(text, pattern, (match) => {
      if (kind === "code" && !isCommentLine(match.index) && pattern === PROSE_SECRET && !PROSE_VERB.test(match[0])) return false;
      const quoted = match[2];
      // A backticked identifier (`accessToken`) names code; one with letters and digits mixed (`Kx9pL2mQzAb`) is a value.
      if (quoted !== undefined) {
        return (
          isLiteralSecret(quoted, true, "prose", true) && (!IDENTIFIER_LIKE.test(quoted.trim()) || mixesLettersAndDigits(quoted.trim()))
        );
      }
      return looksLikeSecretWord(match[3] ?? "");
    });
  }
  yield* regexRanges(text, PROSE_SECRET_QUOTED, (match) => {
    if (kind === "code" && !isCommentLine(match.index)) return false;
    const value = match[2]!.trim();
    return isLiteralSecret(value, true, "prose", true) && (mixesLettersAndDigits(value) || /[^A-Za-z0-9 ]/.test(value));
  });
  if (kind !== "code") yield* regexRanges(text, TABLE_ROW, (match) => looksLikeSecretWord(match[1]!.trim()));
}

/** Each finder reports what it finds, with the rule that found it. */
type Finder = (text: string, kind: TextKind) => Iterable<RuleMatch>;

function* tagged(rule: string, ranges: Iterable<[number, number]>): Iterable<RuleMatch> {
  for (const [start, end] of ranges) yield { rule, start, end };
}

/** Nothing, when a text cannot hold what a rule looks for: a cheap test saves a pattern's pass over it. */
function onlyIf(holds: boolean, matches: () => Iterable<RuleMatch>): Iterable<RuleMatch> {
  return holds ? matches() : [];
}

const secretValueOf = (kind: TextKind) => (match: RegExpExecArray) => isLiteralSecret(match[2]!, true, kind, false);
const secretNamedValueOf = (kind: TextKind) => (match: RegExpExecArray) => isSecretName(match[1]!) && secretValueOf(kind)(match);
const firstGroupIsSecret = (match: RegExpExecArray) => placeholderFree(match[1]);
const urlPasswordIsSecret = (match: RegExpExecArray) => placeholderFree(match[2]) && match[2]!.length >= 3;

const FINDERS: readonly Finder[] = [
  (text) => tagged("private-key", privateKeyBlocks(text)),
  (text) => tagged("token-shape", regexRanges(text, TOKEN_SHAPES)),
  (text) => onlyIf(text.includes("eyJ"), () => tagged("token-shape", jsonWebTokens(text))),
  assignments,
  (text, kind) => tagged("secret-assignment", dockerfileEnv(text, kind)),
  (text, kind) => tagged("secret-assignment", namedValues(text, kind)),
  (text, kind) =>
    onlyIf(/value/i.test(text), () => tagged("secret-assignment", regexRanges(text, XML_NAME_VALUE, secretNamedValueOf(kind)))),
  (text, kind) => onlyIf(text.includes("</"), () => tagged("secret-assignment", regexRanges(text, XML_ELEMENT, secretValueOf(kind)))),
  (text, kind) => tagged("secret-assignment", regexRanges(text, CALL_WITH_SECRET, secretValueOf(kind))),
  (text) => onlyIf(text.includes("://"), () => tagged("credentials-in-url", regexRanges(text, URL_USERINFO, urlPasswordIsSecret))),
  (text) => tagged("credentials-in-url", regexRanges(text, URL_SECRET_PARAM, firstGroupIsSecret)),
  (text) => onlyIf(/@(?:tcp|unix|udp)\(/.test(text), () => tagged("credentials-in-url", regexRanges(text, GO_DSN, firstGroupIsSecret))),
  (text) => tagged("credentials-in-header-or-command", headerAndCommandSecrets(text)),
  (text) =>
    onlyIf(/\bmachine\b|\bdefault\b/.test(text), () =>
      tagged("credentials-in-header-or-command", regexRanges(text, NETRC, firstGroupIsSecret)),
    ),
  (text) => tagged("connection-string", connectionStrings(text)),
  (text, kind) => tagged("secret-in-prose", proseSecrets(text, kind)),
];

function* headerAndCommandSecrets(text: string): Iterable<[number, number]> {
  yield* regexRanges(text, AUTH_HEADER, (match) => placeholderFree(match[1]));
  yield* regexRanges(text, KEY_HEADER, (match) => placeholderFree(match[1]));
  yield* regexRanges(text, CLI_USER, (match) => placeholderFree(match[2]));
  yield* regexRanges(text, CLI_FLAG, (match) => placeholderFree(match[2]) && !match[2]!.startsWith("-"));
  yield* passwordFlags(text);
}

/** Every range the own rules find in the text, with the rule that found it. */
export function findWithOwnRules(text: string, kind: TextKind): RuleMatch[] {
  return FINDERS.flatMap((find) => [...find(text, kind)]);
}
