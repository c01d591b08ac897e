import { OnboardingApp } from "@/components/onboarding-app";

/** Landing: start a fresh onboarding session. */
export default function HomePage() {
  return <OnboardingApp />;
}
