"use client";
/**
 * The pre-join form: display name (remembered in localStorage), the context
 * picker when there is more than one, the device check, and the button that
 * starts or joins the session. The name field and button are plain React, so
 * they work at once; the device check arrives when its chunk has loaded.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { normalizeParticipantName, PARTICIPANT_NAME_MAX, participantNameProblem } from "@/contract/participant-name";
import type { ContextChoices } from "@/contract/join";
import { loadSessionModule } from "./session-view-loader";
import { DEFAULT_MEDIA_CHOICES, loadDisplayName, saveDisplayName, type MediaChoices } from "./media-choices";

const DevicePreview = dynamic(() => import("./device-preview"), {
  ssr: false,
  loading: () => <p className="preview-loading">Checking your camera and microphone…</p>,
});

export type JoinRequest = { participantName: string; context: string | undefined; media: MediaChoices };

type Props = {
  roomName?: string | undefined;
  /** Offered as a choice only when there is more than one. */
  contexts?: ContextChoices | undefined;
  /** The name to offer when none is remembered (a member's name from their identity provider). */
  suggestedName?: string | undefined;
  pending: boolean;
  /** A failed join's message, shown with the retry that the submit button offers. */
  error?: string | undefined;
  onJoin: (request: JoinRequest) => void;
};

export function JoinForm({ roomName, contexts, suggestedName, pending, error, onJoin }: Props) {
  const inputId = useId();
  const contextId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const contextChoice = useRef<HTMLSelectElement>(null);
  // Set once React has taken over: before then, a click on Start would submit the bare HTML form.
  const [hydrated, setHydrated] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const media = useRef<MediaChoices>(DEFAULT_MEDIA_CHOICES);
  const choosable = contexts && contexts.contexts.length > 1 ? contexts.contexts : undefined;
  const onMediaChange = useCallback((choices: MediaChoices) => {
    media.current = choices;
  }, []);

  // Fetch the session's code once the person shows they mean to join (they
  // type their name, or reach for Start), so "Start session" waits for the
  // join alone, and someone who only looks at the page never downloads it.
  const prefetchSession = useCallback(() => void loadSessionModule().catch(() => undefined), []);

  useEffect(() => {
    // The name field and the context choice are uncontrolled, so what was typed
    // or picked before the page's code ran (a slow connection) stays; an empty
    // name field gets the remembered name.
    const field = input.current;
    const remembered = loadDisplayName() || suggestedName;
    if (field && !field.value && remembered) field.value = remembered;
    setHydrated(true);
  }, [suggestedName]);

  function submit(event: FormEvent) {
    event.preventDefault();
    // The same rules as the server's schema, without shipping zod to the landing page.
    const participantName = normalizeParticipantName(input.current?.value ?? "");
    const nameProblem = participantNameProblem(participantName);
    if (nameProblem) {
      setProblem(nameProblem);
      input.current?.focus();
      return;
    }
    setProblem(undefined);
    saveDisplayName(participantName);
    onJoin({ participantName, context: choosable ? contextChoice.current?.value : undefined, media: media.current });
  }

  const message = problem ?? error;
  return (
    <form className="join-form" onSubmit={submit} noValidate aria-describedby={message ? errorId : undefined}>
      <div className="join-fields">
        <label htmlFor={inputId}>Your name</label>
        <input
          ref={input}
          id={inputId}
          name="participantName"
          autoComplete="name"
          maxLength={PARTICIPANT_NAME_MAX}
          defaultValue=""
          onInput={() => {
            if (problem) setProblem(undefined);
            prefetchSession();
          }}
          aria-invalid={problem ? true : undefined}
          disabled={pending}
          // biome-ignore lint/a11y/noAutofocus: naming yourself is the page's one task, and the field is its first.
          autoFocus
        />
        {choosable ? (
          <>
            <label htmlFor={contextId}>What are you onboarding onto?</label>
            <select ref={contextChoice} id={contextId} name="context" defaultValue={contexts?.defaultId} disabled={pending}>
              {choosable.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.title}
                  {choice.hasAgent ? " (with a guide)" : ""}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {message ? (
          <p id={errorId} role="alert" className="join-error">
            {message}
          </p>
        ) : null}
        <button type="submit" disabled={pending || !hydrated} onPointerEnter={prefetchSession} onFocus={prefetchSession}>
          {pending ? "Joining…" : error ? "Try again" : roomName ? "Join session" : "Start session"}
        </button>
      </div>
      <DevicePreview onChange={onMediaChange} />
    </form>
  );
}
