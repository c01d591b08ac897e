/**
 * What a person chose before joining: which devices, and whether to send
 * audio and video. Plain data with no LiveKit imports, so the light landing
 * page can hold it; the device preview (loaded later) fills it in.
 */
export type MediaChoices = {
  audioEnabled: boolean;
  videoEnabled: boolean;
  audioDeviceId: string;
  videoDeviceId: string;
  /** Empty when the browser cannot choose a speaker, or none was chosen. */
  audioOutputDeviceId: string;
};

export const DEFAULT_MEDIA_CHOICES: MediaChoices = {
  audioEnabled: true,
  videoEnabled: true,
  audioDeviceId: "default",
  videoDeviceId: "default",
  audioOutputDeviceId: "",
};

const NAME_KEY = "onboarding-rooms:display-name";

/** The display name from the last visit; localStorage can be unavailable (private mode, policies). */
export function loadDisplayName(): string {
  try {
    return window.localStorage.getItem(NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveDisplayName(name: string): void {
  try {
    window.localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not remembering a name is no reason to fail a join.
  }
}
