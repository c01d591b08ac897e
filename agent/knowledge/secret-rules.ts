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
    // An opening quote with no closing one on its line is a word in a sentence (`?api_key=`), not a string.
    if (text[index] === first) return { value: text.slice(start + 1, index), quoted: true, start, end: index + 1 };
    return { value: text.slice(start + 1, lineEndOf(text, start)), quoted: false, start, end: lineEndOf(text, start) };
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

/** A word that may make a name a secret's name: the lines without one (or a random-looking value) are not looked at. */
const SECRET_NAME_HINT = /pass|pwd|secret|token|key|auth|cred|dsn|pin|conn|webhook/gi;
// Every run of token characters, long or short: a `{20,}` quantifier would retry at each position of a short run.
const TOKEN_RUN = /[A-Za-z0-9+/=_.~-]+/g;

/** Where the lines start that may hold a secret assignment: a hint of a secret name, or a random-looking value. */
function candidateLines(text: string): number[] {
  const starts = new Set<number>();
  SECRET_NAME_HINT.lastIndex = 0;
  for (let hit = SECRET_NAME_HINT.exec(text); hit; hit = SECRET_NAME_HINT.exec(text)) starts.add(lineStartOf(text, hit.index));
  TOKEN_RUN.lastIndex = 0;
  for (let token = TOKEN_RUN.exec(text); token; token = TOKEN_RUN.exec(text)) {
    if (token[0].length >= 20 && looksRandom(token[0])) starts.add(lineStartOf(text, token.index));
  }
  return [...starts].sort((a, b) => a - b);
}

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
    const indent = line.match(/^[ \t]*/)![0].length;
    ASSIGNMENT.lastIndex = 0;
    for (let match = ASSIGNMENT.exec(line); match; match = ASSIGNMENT.exec(line)) {
      const name = match[2]!;
      const at = lineStart + match.index;
      const inComment = isCommentLine(text, at);
      const parsed = parseValue(text, at + match[0].length, indent, kind === "code" && !inComment);
      if (!parsed) continue;
      let rule: string | undefined;
      if (isSecretName(name)) {
        if (isLiteralSecret(parsed.value, parsed.quoted, kind, inComment)) rule = "secret-assignment";
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

/** `Server=db;User Id=app;Password=…;`: a pair among others separated by semicolons. */
const CONNECTION_STRING_HINT = /password|pwd|accountkey|sharedaccess|sharedsecret|api ?key|client secret/i;
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

/** Each finder reports what it finds, with the rule that found it. */
type Finder = (text: string, kind: TextKind) => Iterable<RuleMatch>;

function* tagged(rule: string, ranges: Iterable<[number, number]>): Iterable<RuleMatch> {
  for (const [start, end] of ranges) yield { rule, start, end };
}

const FINDERS: readonly Finder[] = [
  (text) => tagged("private-key", privateKeyBlocks(text)),
  (text) => tagged("token-shape", regexRanges(text, TOKEN_SHAPES)),
  assignments,
  (text, kind) => tagged("secret-assignment", dockerfileEnv(text, kind)),
  (text, kind) =>
    tagged(
      "secret-assignment",
      regexRanges(text, XML_ELEMENT, (match) => isLiteralSecret(match[2]!, true, kind, false)),
    ),
  (text, kind) =>
    tagged(
      "secret-assignment",
      regexRanges(text, CALL_WITH_SECRET, (match) => isLiteralSecret(match[2]!, true, kind, false)),
    ),
  (text) =>
    tagged(
      "credentials-in-url",
      regexRanges(text, URL_USERINFO, (match) => placeholderFree(match[2]) && match[2]!.length >= 3),
    ),
  (text) =>
    tagged(
      "credentials-in-url",
      regexRanges(text, URL_SECRET_PARAM, (match) => placeholderFree(match[1])),
    ),
  (text) => tagged("credentials-in-header-or-command", headerAndCommandSecrets(text)),
  (text) =>
    CONNECTION_STRING_HINT.test(text)
      ? tagged(
          "connection-string",
          regexRanges(text, CONNECTION_STRING_PART, (match) => placeholderFree((match[1] ?? match[2])?.trim())),
        )
      : [],
  (text, kind) => tagged("secret-in-prose", proseSecrets(text, kind)),
];

function* headerAndCommandSecrets(text: string): Iterable<[number, number]> {
  yield* regexRanges(text, AUTH_HEADER, (match) => placeholderFree(match[1]));
  yield* regexRanges(text, KEY_HEADER, (match) => placeholderFree(match[1]));
  yield* regexRanges(text, CLI_USER, (match) => placeholderFree(match[2]));
  yield* regexRanges(text, CLI_FLAG, (match) => placeholderFree(match[2]) && !match[2]!.startsWith("-"));
  yield* regexRanges(text, MYSQL_PASSWORD, (match) => placeholderFree(match[1] ?? match[3]));
}

/** Every range the own rules find in the text, with the rule that found it. */
export function findWithOwnRules(text: string, kind: TextKind): RuleMatch[] {
  return FINDERS.flatMap((find) => [...find(text, kind)]);
}
