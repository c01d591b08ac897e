/**
 * A real OpenID Connect provider for the tests: node-oidc-provider over HTTPS
 * on a free loopback port, with a throwaway certificate authority (made with
 * openssl, deleted on stop) whose certificate the app trusts through
 * NODE_EXTRA_CA_CERTS. OIDC clients refuse plain-http issuers, so the
 * provider cannot do without TLS.
 *
 * Its dev interactions take any password for these accounts:
 *  - ada: ada@example.com, verified (a member where example.com is allowed);
 *  - eve: eve@other.org, verified (a person, but of another domain);
 *  - una: una@example.com, NOT verified (the right domain, but unproven).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export const TEST_ACCOUNTS = {
  ada: { email: "ada@example.com", email_verified: true, name: "Ada Lovelace" },
  eve: { email: "eve@other.org", email_verified: true, name: "Eve Outsider" },
  una: { email: "una@example.com", email_verified: false, name: "Una Unverified" },
} as const;
export type TestAccount = keyof typeof TEST_ACCOUNTS;

export type IdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The throwaway CA's certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  stop: () => Promise<void>;
};

/** A CA and a certificate it signed for 127.0.0.1 and localhost, in `dir`. */
function makeCertificates(dir: string) {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=Onboarding Rooms test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  );
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", file("leaf.key"), "-out", file("leaf.csr"));
  writeFileSync(
    file("leaf.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  openssl(
    "x509",
    "-req",
    "-in",
    file("leaf.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("leaf.ext"),
    "-out",
    file("leaf.pem"),
  );
  return { caFile: file("ca.pem"), key: readFileSync(file("leaf.key")), cert: readFileSync(file("leaf.pem")) };
}

export async function startIdentityProvider({ redirectUri }: { redirectUri: string }): Promise<IdentityProvider> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "test-idp-"));
  const { caFile, key, cert } = makeCertificates(dir);
  const port = await getPort({ host: "127.0.0.1" });
  const issuer = `https://127.0.0.1:${port}`;
  const clientId = "onboarding-rooms-tests";
  const clientSecret = randomBytes(24).toString("base64url");
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "test" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    async findAccount(_ctx, id) {
      const claims = TEST_ACCOUNTS[id as TestAccount];
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Explicit lifetimes (in seconds), which also keeps the provider from printing a notice for each default.
    ttl: { AccessToken: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    cookies: { keys: [randomBytes(24).toString("base64url")] },
    jwks: { keys: [signingKey] },
  });
  const server = https.createServer({ key, cert }, provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    caFile,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
