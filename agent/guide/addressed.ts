/**
 * Which chat messages are for the guide. People in a session also talk to
 * each other; the guide answers questions (a question mark, or a question
 * word first), and anything that names it, and stays out of the rest.
 */
const QUESTION_START =
  /^\s*(where|what|what's|whats|how|which|who|why|when|is|are|does|do|can|could|show|find|explain|describe|tell me|help)\b/i;
const MENTION = /\b(guide|bot|agent)\b|^\s*@/i;

export function isForGuide(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed) return false;
  return trimmed.endsWith("?") || QUESTION_START.test(trimmed) || MENTION.test(trimmed);
}

/** The question itself: a leading "@guide" or "guide," removed. */
export function questionOf(text: string): string {
  return text.replace(/^\s*@?(guide|bot|agent)\b[,:]?\s*/i, "").trim();
}
