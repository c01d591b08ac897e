import { OnboardingApp } from "@/components/onboarding-app";
import type { ContextChoices } from "@/contract/join";
import { signInProblem } from "@/contract/sign-in";
import { type PageAccess, pageAccess } from "@/server/access/page-access";
import { createServerCaller } from "@/server/caller";

// The contexts and the viewer are per request, so the page renders per request, not at build.
export const dynamic = "force-dynamic";

async function contextChoices(access: PageAccess | undefined): Promise<ContextChoices | undefined> {
  if (!access) return undefined;
  try {
    return await createServerCaller(access).onboarding.contexts();
  } catch {
    // Not someone who may start sessions, or a misconfigured server: the page says what to do, and the join what is wrong.
    return undefined;
  }
}

/** Landing: start a fresh onboarding session. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess();
  return (
    <OnboardingApp
      viewer={access?.viewer}
      contexts={await contextChoices(access)}
      signInProblem={signInProblem((await searchParams).signin)}
    />
  );
}
