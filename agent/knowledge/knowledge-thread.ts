/**
 * The knowledge thread: loads (or builds) what the guide knows of one
 * repository, then serves the knowledge layer's calls (calls.ts), off the
 * job's event loop. The job talks to it through RepositoryKnowledge
 * (knowledge-client.ts), in the messages of protocol.ts.
 */
import { parentPort } from "node:worker_threads";
import type { Knowledge } from "./build";
import { loadOrBuildKnowledge } from "./cache";
import { greetingExamples } from "./examples";
import type { FromKnowledge, ToKnowledge } from "./protocol";
import { RepositoryUnreadable } from "./read-gate";
import { serve } from "./calls";

const port = parentPort!;
const post = (message: FromKnowledge) => port.postMessage(message);

let knowledge: Knowledge | undefined;
let failure: string | undefined;
let opened = false;
const waiting: Array<Extract<ToKnowledge, { type: "call" }>> = [];

function answerCall(call: Extract<ToKnowledge, { type: "call" }>) {
  if (failure !== undefined) {
    post({ type: "error", id: call.id, message: failure });
    return;
  }
  if (!knowledge) {
    waiting.push(call);
    return;
  }
  serve(knowledge, call.method, call.params).then(
    (result) => post({ type: "result", id: call.id, result }),
    (error: unknown) => post({ type: "error", id: call.id, message: error instanceof Error ? error.message : String(error) }),
  );
}

async function open(message: Extract<ToKnowledge, { type: "open" }>) {
  if (opened) return;
  opened = true;
  try {
    const loaded = await loadOrBuildKnowledge(message.root, message.settings, () => post({ type: "state", state: { status: "building" } }));
    const examples = await loaded.gate.releaseAll(greetingExamples(loaded));
    knowledge = loaded;
    post({
      type: "state",
      state: { status: "ready", revision: loaded.revision, overview: loaded.overview, examples, stats: loaded.stats },
    });
    // The hearing model is made as the index is ready (or read from beside its cache), not when someone first holds the button.
    serve(loaded, "hearing", {}).catch(() => undefined);
  } catch (error) {
    failure = error instanceof RepositoryUnreadable ? error.message : "the repository could not be read";
    post({ type: "state", state: { status: "failed", reason: failure, detail: error instanceof Error ? error.message : String(error) } });
  }
  for (const call of waiting.splice(0)) answerCall(call);
}

port.on("message", (message: ToKnowledge) => {
  if (message.type === "open") void open(message);
  else answerCall(message);
});
