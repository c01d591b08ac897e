/** Why a sign-in did not complete, as the callback tells the landing page (`/?signin=…`), and what the page says. */
export const SIGN_IN_PROBLEMS = {
  denied: "The identity provider did not sign you in. Try again, or ask your administrator for access.",
  failed: "Signing in did not complete. Try again.",
  expired: "That sign-in took too long, or was started in another browser. Sign in again.",
  unavailable: "The identity provider cannot be reached right now. Try again in a moment.",
} as const;
export type SignInProblem = keyof typeof SIGN_IN_PROBLEMS;

export function signInProblem(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && Object.hasOwn(SIGN_IN_PROBLEMS, value) ? SIGN_IN_PROBLEMS[value as SignInProblem] : undefined;
}
