import { notFound } from "next/navigation";
import { OnboardingApp } from "@/components/onboarding-app";
import { RoomName } from "@/contract/join";
import { pageAccess } from "@/server/access/page-access";

// Who is looking decides what the page offers (join, or sign in / open the invite).
export const dynamic = "force-dynamic";

/** Invite link: join an existing session by its room name (with `#invite=…` for guests). */
export default async function RoomPage({ params }: { params: Promise<{ roomName: string }> }) {
  const { roomName } = await params;
  const parsed = RoomName.safeParse(roomName);
  if (!parsed.success) notFound();
  return <OnboardingApp roomName={parsed.data} viewer={(await pageAccess()).viewer} />;
}
