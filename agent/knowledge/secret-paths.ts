/**
 * Files and folders that hold credentials by their name alone: the guide
 * never opens them, whatever is inside. The read gate (read-gate.ts) applies
 * these to every segment of a path and of its symlink target, so that a
 * `docs/setup.md -> ../.env` link is as closed as `.env` itself.
 */
/** Templates of secret files, which hold names and placeholders: read, with the content rules guarding them. */
const TEMPLATE_NAMES = /^\.env\.(example|sample|template|dist|defaults)$/i;

const SECRET_FILE_NAMES = [
  /^\.env(\..*)?$/i, // .env, .env.local, .env.production…
  /\.env$/i,
  /^\.dev\.vars$/i, // Cloudflare Wrangler's local secrets
  /^local\.settings\.json$/i, // Azure Functions' local secrets
  /\.(auto\.)?tfvars(\.json)?$/i, // Terraform variable values, passwords among them
  /^(kubeconfig|.*\.kubeconfig)$/i,
  /^(\.secrets|_netrc)$/i,
  /^\.envrc$/i, // direnv: exports the environment, secrets included
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^id_[a-z0-9_-]+$/i,
  /\.(pem|key|p8|p12|pfx|jks|keystore|kdbx|gpg|asc|ovpn|ppk|keytab)$/i,
  // Data files only: a module called secrets.ts is code about secrets, not one.
  /^(credentials|secrets?)(\.(json|ya?ml|toml|ini|env|txt|conf|cfg|properties|xml))?$/i,
  /credentials.*\.json$/i,
  /^service[-_]?account.*\.json$/i,
  /^\.(npmrc|pypirc|netrc|pgpass|git-credentials|htpasswd|vault-token|boto|s3cfg|my\.cnf|dockercfg)$/i,
  /^(auth|token)s?\.json$/i,
  // Terraform state holds every secret the configuration created, in clear.
  /\.tfstate(\.backup)?$/i,
];

/** Folders whose every file is a credential store; and git's own folder, whose config can hold credentials. */
const SECRET_FOLDERS = new Set([".ssh", ".aws", ".gnupg", ".docker", ".kube", ".azure", "secrets", ".git"]);

function isSecretFolder(name: string): boolean {
  return SECRET_FOLDERS.has(name.toLowerCase());
}

function isSecretFileName(name: string): boolean {
  return !TEMPLATE_NAMES.test(name) && SECRET_FILE_NAMES.some((pattern) => pattern.test(name));
}

/** Whether a repo-relative path (forward slashes) names a secret file, or passes through a secret folder. */
export function isSecretPath(relative: string): boolean {
  const parts = relative.split("/").filter(Boolean);
  if (parts.length === 0) return false;
  if (parts.slice(0, -1).some(isSecretFolder)) return true;
  const name = parts.at(-1)!;
  return isSecretFolder(name) || isSecretFileName(name);
}
