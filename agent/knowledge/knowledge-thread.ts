/**
 * The knowledge thread: loads (or builds) what the guide knows of one
 * repository and answers questions from it, off the job's event loop. The
 * job talks to it through KnowledgeClient (knowledge-client.ts).
 *
 * Messages in:  { type: "open", root }, { type: "ask", id, question }
 * Messages out: { type: "building" } while nothing is cached yet,
 *               { type: "ready", overview, stats, examples } or { type: "failed", reason },
 *               { type: "answer", id, answer }.
 */
import { parentPort } from "node:worker_threads";
import { answerQuestion } from "../conversation/answer";
import { RepositoryUnreadable } from "./files";
import { greetingExamples } from "../conversation/examples";
import { type Knowledge, loadOrBuildKnowledge } from "./knowledge";

const port = parentPort!;

let knowledge: Knowledge | undefined;
let opened = false;
const waiting: Array<{ id: number; question: string }> = [];

async function open(root: string) {
  if (opened) return;
  opened = true;
  try {
    knowledge = await loadOrBuildKnowledge(root, () => port.postMessage({ type: "building" }));
    port.postMessage({ type: "ready", overview: knowledge.overview, stats: knowledge.stats, examples: greetingExamples(knowledge) });
    for (const message of waiting.splice(0)) {
      port.postMessage({ type: "answer", id: message.id, answer: answerQuestion(knowledge, message.question) });
    }
  } catch (error) {
    const reason = error instanceof RepositoryUnreadable ? error.message : "the repository could not be read";
    port.postMessage({ type: "failed", reason, detail: error instanceof Error ? error.message : String(error) });
  }
}

port.on("message", (message: { type: "open"; root: string } | { type: "ask"; id: number; question: string }) => {
  if (message.type === "open") {
    void open(message.root);
    return;
  }
  if (!knowledge) {
    waiting.push(message);
    return;
  }
  port.postMessage({ type: "answer", id: message.id, answer: answerQuestion(knowledge, message.question) });
});
