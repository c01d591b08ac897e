import { TRPCError } from "@trpc/server";
import { OnboardingApp } from "@/components/onboarding-app";
import type { ContextChoices } from "@/contract/join";
import { signInProblem } from "@/contract/sign-in";
import { type PageAccess, pageAccess } from "@/server/access/page-access";
import { createServerCaller } from "@/server/caller";

// The contexts and the viewer are per request, so the page renders per request, not at build.
export const dynamic = "force-dynamic";

async function contextChoices(access: PageAccess): Promise<ContextChoices | undefined> {
  try {
    return await createServerCaller(access).onboarding.contexts();
  } catch (error) {
    // Not someone who may start sessions (or too many asks): the page says what they can do instead.
    if (error instanceof TRPCError) return undefined;
    throw error;
  }
}

/** Landing: start a fresh onboarding session. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess();
  return (
    <OnboardingApp
      viewer={access.viewer}
      contexts={await contextChoices(access)}
      signInProblem={signInProblem((await searchParams).signin)}
    />
  );
}
