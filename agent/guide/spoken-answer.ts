/**
 * An answer as the guide says it aloud: its first line, with each pointer
 * said as a person would ("livekit, line 11" for `server/routers/livekit.ts:11`)
 * and no markdown. The chat carries the whole answer; the voice only leads
 * the eye to it.
 */
import type { Answer } from "../knowledge";

const MAX_SPOKEN_CHARS = 220;

function pointerSaid(pointer: string): string {
  const match = /^(.*?)(?::(\d+))?$/.exec(pointer)!;
  const file = match[1]!.split("/").filter(Boolean).at(-1) ?? match[1]!;
  const name = file.replace(/\.[A-Za-z0-9]+$/, "").replace(/[-_.]+/g, " ");
  return match[2] ? `${name}, line ${match[2]}` : name;
}

export function spokenAnswer(answer: Pick<Answer, "text">): string {
  const first = answer.text.split("\n").find((line) => line.trim() !== "") ?? "";
  const said = first
    .replace(/`([^`]+)`/g, (_, code: string) => pointerSaid(code))
    .replace(/[*_#>[\]()]/g, "")
    .replace(/\s+[—–-]\s+/g, ": ")
    .replace(/\s+/g, " ")
    .trim();
  return said.length > MAX_SPOKEN_CHARS ? `${said.slice(0, MAX_SPOKEN_CHARS).replace(/\s+\S*$/, "")}…` : said;
}
