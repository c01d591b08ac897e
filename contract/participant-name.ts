/**
 * The rules for a display name, without zod: the landing page checks names
 * with these before it sends them, and must not pull a validation library into
 * its first load for it. contract/join.ts builds the wire schema from the same rules.
 *
 * A name is what others see next to someone's face and messages, so it must
 * not lie about itself: it is compared and stored in NFKC form (so look-alike
 * compatibility characters become the ordinary ones), characters that render
 * as nothing or turn text around are refused rather than silently dropped,
 * and names that end in "guide" are the guide's (the guide's own names always
 * do: agent/guide/room-context.ts).
 */
export const PARTICIPANT_NAME_MAX = 64;

// C0 and C1 control characters plus DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * Format characters (\p{Cf}: zero-width spaces and joiners, soft hyphens,
 * bidirectional marks and isolates, word joiners, the byte-order mark, tags),
 * line and paragraph separators, and letters that render blank (Hangul
 * fillers, the braille blank, the combining grapheme joiner). The one exception: a zero-width joiner
 * between two pictographs, which is how emoji such as 👩‍💻 are written.
 */
const INVISIBLE_OR_BIDI =
  /(?!(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic}))(?:[\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0\u2800]|\u034F)/u;

/** Ends with the word "guide", however it is cased, spaced or punctuated. */
const GUIDE_NAME = /(^|[^\p{L}\p{N}])guide[^\p{L}\p{N}]*$/iu;

/** Spaces at either end; unlike String.trim, not the byte-order mark, which is refused instead. */
const OUTER_WHITE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

/** The form a name is checked and kept in: NFKC, without spaces at either end. */
export function normalizeParticipantName(raw: string): string {
  return raw.normalize("NFKC").replace(OUTER_WHITE_SPACE, "");
}

/** What is wrong with an (already normalized) name, in words for the person; undefined when it is fine. */
export function participantNameProblem(name: string): string | undefined {
  if (name.length === 0) return "Enter your name";
  if (name.length > PARTICIPANT_NAME_MAX) return `Names can be at most ${PARTICIPANT_NAME_MAX} characters`;
  if (CONTROL.test(name)) return "Names cannot contain control characters";
  if (INVISIBLE_OR_BIDI.test(name)) return "Names cannot contain invisible or text-direction characters";
  if (GUIDE_NAME.test(name)) return "Names ending in “guide” are kept for the onboarding guide, so that nobody can pass for it";
  return undefined;
}
