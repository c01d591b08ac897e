/**
 * How often the guide's answers name the right file: each question of a set
 * has the files (or, for how-to questions, the commands: "cmd:…") that count
 * as right. Top-1: the first file named (or the command in the first line);
 * top-3: any of the (at most three) files named, or the command anywhere.
 */
import { readFileSync } from "node:fs";
import { type Answer, answerQuestion } from "@/agent/knowledge/answer";
import type { Knowledge } from "@/agent/knowledge/build";

export type Question = { q: string; expect: string[] };
export type Judged = { q: string; expect: string[]; top1: boolean; top3: boolean; named: string[]; ms: number; text: string };

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

export function judgeAll(knowledge: Knowledge, questions: Question[]): Judged[] {
  return questions.map(({ q, expect }) => {
    const started = performance.now();
    const answer = answerQuestion(knowledge, q);
    const ms = performance.now() - started;
    return {
      q,
      expect,
      ...judge(answer, expect),
      named: answer.pointers.map((pointer) => `${pointer.path}:${pointer.line}`),
      ms,
      text: answer.text,
    };
  });
}
