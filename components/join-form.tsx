"use client";
import { useId, useState, type FormEvent } from "react";
import { ParticipantName, type ContextChoices } from "@/server/livekit/schemas";

type Props = {
  roomName?: string | undefined;
  /** Offered as a choice only when there is more than one. */
  contexts?: ContextChoices | undefined;
  pending: boolean;
  /** A failed join's message, shown with the retry that the submit button offers. */
  error?: string | undefined;
  onJoin: (participantName: string, context: string | undefined) => void;
};

export function JoinForm({ roomName, contexts, pending, error, onJoin }: Props) {
  const inputId = useId();
  const contextId = useId();
  const errorId = useId();
  const [name, setName] = useState("");
  const [context, setContext] = useState(contexts?.defaultId);
  const choosable = contexts && contexts.contexts.length > 1 ? contexts.contexts : undefined;
  const [problem, setProblem] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ParticipantName.safeParse(name);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message);
      return;
    }
    setProblem(undefined);
    onJoin(parsed.data, choosable ? context : undefined);
  }

  const message = problem ?? error;
  return (
    <form className="join-form" onSubmit={submit} noValidate aria-describedby={message ? errorId : undefined}>
      <label htmlFor={inputId}>Your name</label>
      <input
        id={inputId}
        name="participantName"
        autoComplete="name"
        maxLength={64}
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={problem ? true : undefined}
        disabled={pending}
        autoFocus
      />
      {choosable ? (
        <>
          <label htmlFor={contextId}>What are you onboarding onto?</label>
          <select id={contextId} name="context" value={context} onChange={(event) => setContext(event.target.value)} disabled={pending}>
            {choosable.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.title}
                {choice.hasAgent ? " (with an onboarding agent)" : ""}
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
      <button type="submit" disabled={pending}>
        {pending ? "Joining…" : error ? "Try again" : roomName ? "Join session" : "Start session"}
      </button>
    </form>
  );
}
