/**
 * Tour commands in chat: "tour" (or "take the tour", "give us a tour")
 * starts one at any time; while a tour runs, "next", "back" and "end tour"
 * move it. Anything else is a question (addressed.ts).
 */
export type TourCommand = "start" | "next" | "back" | "end";

const START =
  /^(?:(?:take|start|begin|do)\s+(?:me\s+|us\s+)?(?:on\s+)?(?:the|a)\s+tour|(?:give|show)\s+(?:me|us)\s+(?:the|a)\s+tour|tour)\s*[.!?]*$/i;
const NEXT = /^(?:next|go on|continue|carry on|next step)\s*[.!]*$/i;
const BACK = /^(?:back|go back|previous|previous step)\s*[.!]*$/i;
const END = /^(?:end|stop|end the tour|stop the tour|end tour|stop tour|exit tour)\s*[.!]*$/i;

export function tourCommand(text: string, touring: boolean): TourCommand | undefined {
  const said = text
    .trim()
    .replace(/^@?(?:guide|bot|agent)\b[,:]?\s*/i, "")
    .trim();
  if (START.test(said)) return "start";
  if (!touring) return undefined;
  if (NEXT.test(said)) return "next";
  if (BACK.test(said)) return "back";
  if (END.test(said)) return "end";
  return undefined;
}
