"use client";
import { useId, useState, type FormEvent } from "react";
import { ParticipantName } from "@/server/livekit/schemas";

type Props = {
  roomName?: string | undefined;
  pending: boolean;
  /** A failed join's message, shown with the retry that the submit button offers. */
  error?: string | undefined;
  onJoin: (participantName: string) => void;
};

export function JoinForm({ roomName, pending, error, onJoin }: Props) {
  const inputId = useId();
  const errorId = useId();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ParticipantName.safeParse(name);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message);
      return;
    }
    setProblem(undefined);
    onJoin(parsed.data);
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
