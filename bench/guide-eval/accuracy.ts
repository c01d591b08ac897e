/**
 * How often the guide's answers name the right file: each question of a set
 * has the files (or, for how-to questions, the commands: "cmd:…") that count
 * as right. Top-1: the first file named (or the command in the first line);
 * top-3: any of the (at most three) files named, or the command anywhere.
 * Every pointer of every answer is checked as the guide checks it before it
 * sends one (the file readable through the gate, the line in it): the eval
 * counts those that fail on the raw answers, so that a pointer the guide
 * would have to drop is seen.
 */
import { readFileSync } from "node:fs";
import { type Answer, answerQuestion } from "@/agent/knowledge/answer";
import type { Knowledge } from "@/agent/knowledge/build";
import { checkPointers } from "@/agent/knowledge/calls";

export type Question = { q: string; expect: string[] };
export type Judged = {
  q: string;
  expect: string[];
  top1: boolean;
  top3: boolean;
  named: string[];
  /** Pointers that do not hold: `path:line (why)`. */
  failingPointers: string[];
  ms: number;
  text: string;
};

export function loadQuestions(file: string | URL): Question[] {
  return JSON.parse(readFileSync(file, "utf8")) as Question[];
}

export function judge(answer: Answer, expect: string[]): { top1: boolean; top3: boolean } {
  const paths = answer.pointers.slice(0, 3).map((pointer) => pointer.path);
  const commands = expect.filter((each) => each.startsWith("cmd:")).map((each) => `\`${each.slice(4)}\``);
  const files = expect.filter((each) => !each.startsWith("cmd:"));
  const firstLine = answer.text.split("\n")[0] ?? "";
  const top1 = (paths[0] !== undefined && files.includes(paths[0])) || commands.some((command) => firstLine.includes(command));
  const top3 = paths.some((path) => files.includes(path)) || commands.some((command) => answer.text.includes(command));
  return { top1, top3 };
}

export async function judgeAll(knowledge: Knowledge, questions: Question[]): Promise<Judged[]> {
  const judged: Judged[] = [];
  for (const { q, expect } of questions) {
    const started = performance.now();
    const answer = answerQuestion(knowledge, q);
    const ms = performance.now() - started;
    const checks = await checkPointers(knowledge, answer.pointers);
    judged.push({
      q,
      expect,
      ...judge(answer, expect),
      named: answer.pointers.map((pointer) => `${pointer.path}:${pointer.line}`),
      failingPointers: checks.filter((check) => !check.ok).map((check) => `${check.path}:${check.line} (${check.reason})`),
      ms,
      text: answer.text,
    });
  }
  return judged;
}
