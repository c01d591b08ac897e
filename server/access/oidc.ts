/**
 * The OpenID Connect relying party, through openid-client: the authorization
 * code flow with PKCE (S256), state and nonce, the client authenticating with
 * client_secret_basic, scopes `openid email profile`, and the callback at
 * ${APP_URL}/api/auth/callback/oidc.
 *
 * The provider's metadata is discovered once per process and reused; a
 * failed discovery is forgotten, so the next sign-in tries again.
 */
import "server-only";
import * as client from "openid-client";
import type { MembersAccess } from "../env";
import type { SignedInPerson, SignInTransaction } from "./session-cookie";

export const CALLBACK_PATH = "/api/auth/callback/oidc";
const SCOPES = "openid email profile";
/** Seconds to wait for the provider on each request. */
const PROVIDER_TIMEOUT_SECONDS = 10;

const discovered = new Map<string, Promise<client.Configuration>>();

function configuration(access: MembersAccess): Promise<client.Configuration> {
  const { issuer, clientId, clientSecret } = access.oidc;
  const key = `${issuer}\n${clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    pending = client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
    discovered.set(key, pending);
    pending.catch(() => discovered.delete(key));
  }
  return pending;
}

export function callbackUrl(access: MembersAccess): string {
  return `${access.appUrl}${CALLBACK_PATH}`;
}

/** Where to send the browser to sign in, and what the callback must find in the sign-in cookie. */
export async function beginSignIn(access: MembersAccess, returnTo: string): Promise<{ url: URL; transaction: SignInTransaction }> {
  const config = await configuration(access);
  const codeVerifier = client.randomPKCECodeVerifier();
  const transaction: SignInTransaction = { codeVerifier, state: client.randomState(), nonce: client.randomNonce(), returnTo };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(access),
    scope: SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: transaction.state,
    nonce: transaction.nonce,
  });
  return { url, transaction };
}

/**
 * Redeems the provider's answer on the callback for the person it names.
 * `query` is the callback's query string; the URL it is checked against is
 * built from APP_URL, so a proxy's view of the host never matters.
 */
export async function finishSignIn(access: MembersAccess, query: string, transaction: SignInTransaction): Promise<SignedInPerson> {
  const config = await configuration(access);
  const current = new URL(`${callbackUrl(access)}${query}`);
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: transaction.codeVerifier,
    expectedState: transaction.state,
    expectedNonce: transaction.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error("the provider returned no ID token");
  // Providers may keep email and name out of the ID token: the UserInfo endpoint has them.
  const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  // The address and its "verified" flag come from the same source, so one cannot vouch for the other's address.
  const source = typeof info.email === "string" ? info : idClaims;
  const email = typeof source.email === "string" ? source.email : undefined;
  const verified = source.email_verified;
  const name = [info.name, idClaims.name, info.preferred_username, email].find((value) => typeof value === "string" && value.trim());
  return {
    sub: idClaims.sub,
    email,
    emailVerified: verified === true,
    name: String(name ?? "Member")
      .trim()
      .slice(0, 128),
  };
}

/** Whether the provider itself said no (the person declined, or the provider refused): their words are not ours to show. */
export function isProviderRefusal(error: unknown): boolean {
  return error instanceof client.AuthorizationResponseError;
}
