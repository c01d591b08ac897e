/**
 * What the guide never reads or quotes: secret files, by name, and any line
 * that looks like a secret being assigned, wherever it is. Such lines are
 * blanked before anything else sees a file's text (keeping line numbers), so
 * no index, summary or answer can carry them.
 */
import path from "node:path";

const SECRET_NAMES = [
  /^\.env(\..*)?$/i, // .env, .env.local, .env.production…
  /\.env$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^id_[a-z0-9_-]+$/i,
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|gpg|asc|ovpn)$/i,
  // Data files only: a module called secrets.ts is code about secrets, not one.
  /^(credentials|secrets?)(\.(json|ya?ml|toml|ini|env|txt|conf|cfg|properties|xml))?$/i,
  /credentials.*\.json$/i,
  /^service[-_]?account.*\.json$/i,
  /^\.(npmrc|pypirc|netrc|pgpass|git-credentials|htpasswd)$/i,
  /^(auth|token)s?\.json$/i,
];

const SECRET_FOLDERS = new Set([".ssh", ".aws", ".gnupg", ".docker", "secrets"]);

export function isSecretPath(relative: string): boolean {
  const parts = relative.split("/");
  if (parts.slice(0, -1).some((part) => SECRET_FOLDERS.has(part.toLowerCase()))) return true;
  const name = path.posix.basename(relative);
  return SECRET_NAMES.some((pattern) => pattern.test(name));
}

const SECRET_WORD = "(secret|token|passw(?:or)?d|passphrase|api[_-]?key|access[_-]?key|private[_-]?key|credential|signing[_-]?key)";
// A name that says "secret" being given a literal value, in the forms code and config use:
const ASSIGNMENTS = [
  // shell, .env, Makefile, Dockerfile: FOO_SECRET=value, export API_KEY=value
  new RegExp(`^\\s*(export\\s+)?[A-Z0-9_]*${SECRET_WORD.toUpperCase()}[A-Z0-9_]*\\s*[:?]?=\\s*\\S{6,}`),
  // code: apiSecret: "value", password = 'value', "token": "value"
  new RegExp(`${SECRET_WORD}[a-z0-9_-]*["']?\\s*(:|=|:=|=>)\\s*["'\`][^"'\`\\s]{8,}["'\`]`, "i"),
  // YAML, TOML, INI: password: value (a bare value, not an expression)
  new RegExp(`^\\s*[a-z0-9_.-]*${SECRET_WORD}[a-z0-9_.-]*\\s*[:=]\\s*[A-Za-z0-9+/=_~-]{8,}\\s*$`, "i"),
];
// Values that are secrets by their shape, whatever they are called.
const KNOWN_SHAPES = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, // GitHub tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, // Slack tokens
  /\bsk-[A-Za-z0-9_-]{20,}\b/, // OpenAI-style keys
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/, // a JWT
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s:/@]+@/i, // a URL with a password in it
];

// Every pattern above needs one of these words or shapes: one cheap test rules most lines out.
const CANDIDATE =
  /secret|token|passw|passphrase|api.?key|access.?key|private|credential|signing|AKIA|gh[pousr]_|xox|sk-|eyJ|:\/\/[^\s:/@]+:[^\s:/@]+@/i;

export function looksLikeSecret(line: string): boolean {
  if (!CANDIDATE.test(line)) return false;
  return ASSIGNMENTS.some((pattern) => pattern.test(line)) || KNOWN_SHAPES.some((shape) => shape.test(line));
}

/** The text with every secret-looking line blanked (its line break kept, so line numbers hold). */
export function redactSecrets(text: string): string {
  if (!CANDIDATE.test(text)) return text;
  return text
    .split("\n")
    .map((line) => (looksLikeSecret(line) ? "" : line))
    .join("\n");
}
