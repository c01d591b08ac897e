import { OnboardingApp } from "@/components/onboarding-app";
import { createServerCaller } from "@/server/caller";
import type { ContextChoices } from "@/contract/join";
import { headers } from "next/headers";

// The contexts are runtime configuration, so the page renders per request, not at build.
export const dynamic = "force-dynamic";

async function contextChoices(): Promise<ContextChoices | undefined> {
  try {
    return await createServerCaller(await headers()).onboarding.contexts();
  } catch {
    // A misconfigured server still renders the page; the join then says what is wrong.
    return undefined;
  }
}

/** Landing: start a fresh onboarding session. */
export default async function HomePage() {
  return <OnboardingApp contexts={await contextChoices()} />;
}
