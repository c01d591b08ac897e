/**
 * Who is looking at the page, as the server tells the page: enough to choose
 * between "sign in", "you are not a member", the join form and the open-mode
 * notice. Decisions are the server's (server/access/policy.ts); this is only
 * what the page shows.
 */
export type Viewer =
  /** No sign-in is configured: anyone who can reach the app may start sessions. */
  | { access: "open" }
  | {
      access: "members";
      signedIn: null | {
        name: string;
        email: string | null;
        /** False for someone the identity provider knows but who is not a member here. */
        member: boolean;
        /** Why a non-member cannot start sessions, in the server's words. */
        refusal: string | null;
      };
    };
