/**
 * What the page offers someone who may not join (yet): a way to sign in, the
 * reason a signed-in person is not a member, or what an invitee is missing.
 */
import type { Viewer } from "@/contract/viewer";

type Members = Extract<Viewer, { access: "members" }>;

function SignInLink({ returnTo }: { returnTo: string }) {
  return (
    <a className="lk-button sign-in" href={`/api/auth/signin?returnTo=${encodeURIComponent(returnTo)}`}>
      Sign in
    </a>
  );
}

/** The landing page for anyone who is not a member. */
export function StartRefused({ viewer, problem }: { viewer: Members; problem?: string | undefined }) {
  return (
    <section className="access-panel" data-testid="access-panel">
      {problem ? (
        <p role="alert" className="join-error">
          {problem}
        </p>
      ) : null}
      {viewer.signedIn ? (
        <p role="alert" data-testid="not-a-member">
          {viewer.signedIn.refusal}
        </p>
      ) : (
        <>
          <p>Members sign in to start a session. Invited as a guest? Open the invite link you were sent.</p>
          <SignInLink returnTo="/" />
        </>
      )}
    </section>
  );
}

/** A session's page opened without an invite by someone who is not a member. */
export function InviteMissing({ viewer, roomName }: { viewer: Members; roomName: string }) {
  return (
    <section className="access-panel" data-testid="access-panel">
      <p role="alert">
        This session is for members and invited guests. Open the invite link exactly as you received it
        {viewer.signedIn ? "." : ", or sign in if you are a member."}
      </p>
      {viewer.signedIn ? <p>{viewer.signedIn.refusal}</p> : <SignInLink returnTo={`/rooms/${roomName}`} />}
    </section>
  );
}
