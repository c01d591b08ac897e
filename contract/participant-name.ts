/**
 * The rules for a display name, without zod: the landing page checks names
 * with these before it sends them, and must not pull a validation library into
 * its first load for it. schemas.ts builds the wire schema from the same rules.
 */
export const PARTICIPANT_NAME_MAX = 64;

// C0 and C1 control characters plus DEL. Line/paragraph separators and bidi
// overrides are also rejected: they make a display name lie about itself.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const CONTROL_OR_FORMAT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** What is wrong with an (already trimmed) name, in words for the person; undefined when it is fine. */
export function participantNameProblem(trimmed: string): string | undefined {
  if (trimmed.length === 0) return "Enter your name";
  if (trimmed.length > PARTICIPANT_NAME_MAX) return `Names can be at most ${PARTICIPANT_NAME_MAX} characters`;
  if (CONTROL_OR_FORMAT.test(trimmed)) return "Names cannot contain control characters";
  return undefined;
}
