import { notFound } from "next/navigation";
import { OnboardingApp } from "@/components/onboarding-app";
import { RoomName } from "@/contract/join";

/** Invite link: join an existing session by its room name. */
export default async function RoomPage({ params }: { params: Promise<{ roomName: string }> }) {
  const { roomName } = await params;
  const parsed = RoomName.safeParse(roomName);
  if (!parsed.success) notFound();
  return <OnboardingApp roomName={parsed.data} />;
}
