/**
 * The guide's hearing, measured for `npm run eval:guide` (never in a timed
 * test), written to bench/results/hearing-eval.md and .json:
 *
 * 1. Recognition, in process: every question of both eval sets, spoken by
 *    espeak-ng in three voices (one with white noise mixed in by sox at
 *    20 dB SNR), heard by pocketsphinx with the grammar the guide makes of
 *    that repository. Reported: the share heard word for word, and the share
 *    whose top-3 answer is the typed question's. A quarter of the questions
 *    (by a hash of their text) is reported apart as the holdout: the grammar
 *    is made from the repository alone, never from these questions, and the
 *    holdout shows how that holds for questions nobody tuned it on.
 * 2. Live: spoken questions asked through `onboarding.listen` in a real room
 *    (a real guide worker, a real livekit-server, rtc-node microphones): the
 *    time from the release to the first word of the answer in the chat, p50
 *    and p95, and the recognizer's peak memory while it hears.
 *
 * The speech is synthetic (espeak-ng), and the report says so.
 */
import { createHash } from "node:crypto";
import { answerQuestion } from "@/agent/knowledge/answer";
import type { Knowledge } from "@/agent/knowledge/build";
import { DEFAULT_HEARING, makeHearingModel } from "@/agent/knowledge/hearing-model";
import { GrammarFiles, RECOGNIZER_SAMPLE_RATE, Recognition } from "@/agent/guide/recognizer";
import { SpeechOnset } from "@/agent/guide/speech-onset";
import { LISTEN_METHOD } from "@/contract/hearing";
import { peakRssMiB } from "../../scripts/lib/process-stats";
import { Person } from "../../scripts/lib/room-person";
import { Microphone, type SpeechOptions, synthesize } from "../../scripts/lib/spoken-question";
import type { EvalRooms } from "./live";
import { percentile } from "./report";

export const HEARING_TARGETS = { sameTop3Percent: 90, releaseToAnswerP95Ms: 1500, extraMemoryMiB: 50 };

export const VOICES: Array<{ label: string; options: SpeechOptions }> = [
  { label: "en-us (male)", options: { voice: "en-us" } },
  { label: "en-us+f3 (female), 20 dB SNR noise", options: { voice: "en-us+f3", noiseDb: 20 } },
  { label: "en-gb-x-rp (British)", options: { voice: "en-gb-x-rp" } },
];

const RECOGNIZER = { program: "pocketsphinx_continuous", model: "/usr/share/pocketsphinx/model/en-us" };

/** What a person says for a written question: words only ("livekit.join" is said "livekit join"). */
export function spokenForm(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A quarter of the questions, the same every run: kept out of anything that shapes the grammar, and reported apart. */
export function isHoldout(question: string): boolean {
  return createHash("sha256").update(question).digest()[0]! % 4 === 0;
}

export type Heard = { set: string; question: string; voice: string; heard: string; exact: boolean; sameTop3: boolean; holdout: boolean };

export type RecognitionResult = {
  set: string;
  phrases: number;
  words: number;
  heard: Heard[];
  /** From the end of the audio to the transcript, in process. */
  finishMs: number[];
  recognizerPeakRssMiB: number;
};

function top3(knowledge: Knowledge, question: string): string {
  const answer = answerQuestion(knowledge, question);
  return `${answer.kind}:${answer.pointers
    .slice(0, 3)
    .map((pointer) => pointer.path)
    .sort()
    .join(",")}`;
}

/** Hears one spoken question as the guide does: from where speech starts, then the end of the audio. */
async function hear(files: GrammarFiles, samples: Int16Array) {
  const recognition = Recognition.start(RECOGNIZER, files);
  const onset = new SpeechOnset();
  const frame = RECOGNIZER_SAMPLE_RATE / 100;
  for (let at = 0; at < samples.length; at += frame) {
    for (const part of onset.push(samples.subarray(at, at + frame))) recognition.write(part);
  }
  // Its peak, sampled until it ends (it has loaded the model and grammar, and decoded, by then).
  let rss = peakRssMiB(recognition.pid);
  const sampling = setInterval(() => {
    rss = Math.max(rss, peakRssMiB(recognition.pid));
  }, 5);
  const started = performance.now();
  const heard = await recognition.finish().finally(() => clearInterval(sampling));
  return { heard, ms: performance.now() - started, rss };
}

export async function measureRecognition(
  set: string,
  knowledge: Knowledge,
  questions: string[],
  log: (message: string) => void,
): Promise<RecognitionResult> {
  const model = await makeHearingModel(knowledge, DEFAULT_HEARING);
  const files = await GrammarFiles.write(model);
  const heard: Heard[] = [];
  const finishMs: number[] = [];
  let recognizerPeakRssMiB = 0;
  try {
    for (const question of questions) {
      const spoken = spokenForm(question);
      const typed = top3(knowledge, question);
      for (const voice of VOICES) {
        const samples = synthesize(spoken, { ...voice.options, sampleRate: RECOGNIZER_SAMPLE_RATE });
        const result = await hear(files, samples);
        finishMs.push(result.ms);
        recognizerPeakRssMiB = Math.max(recognizerPeakRssMiB, result.rss);
        heard.push({
          set,
          question,
          voice: voice.label,
          heard: result.heard,
          exact: result.heard === spoken,
          sameTop3: result.heard !== "" && top3(knowledge, result.heard) === typed,
          holdout: isHoldout(question),
        });
      }
    }
  } finally {
    await files.remove();
  }
  const same = heard.filter((each) => each.sameTop3).length;
  log(
    `${set}: heard ${heard.filter((each) => each.exact).length}/${heard.length} word for word, ${same}/${heard.length} with the typed question's top 3`,
  );
  return { set, phrases: model.phrases, words: model.words, heard, finishMs, recognizerPeakRssMiB };
}

export type LiveHearingResult = {
  /** Release (`{ on: false }` sent) to the first message of the answer after "…, aloud: …". */
  releaseToAnswerMs: number[];
  asked: number;
  /** The job process's RSS before the first question and after the last (the hearing model and its files stay). */
  jobRssBeforeMiB: number;
  jobRssAfterMiB: number;
};

/** Spoken questions asked in a real room: press, speak, release, and the answer timed from the release. */
export async function measureLiveHearing(
  rooms: EvalRooms,
  root: string,
  questions: string[],
  jobRssMiB: () => number,
  log: (message: string) => void,
): Promise<LiveHearingResult> {
  const { token } = await rooms.open(root, "Ada");
  const ada = await Person.join(rooms.livekit.url, token, "Ada");
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 120_000);
  const microphone = await Microphone.publish(ada.room.localParticipant!);
  const releaseToAnswerMs: number[] = [];
  const jobRssBeforeMiB = jobRssMiB();
  try {
    const guide = ada.guides()[0]!.identity;
    const listen = (on: boolean) =>
      ada.room.localParticipant!.performRpc({ destinationIdentity: guide, method: LISTEN_METHOD, payload: JSON.stringify({ on }) });
    for (const question of questions) {
      const samples = synthesize(spokenForm(question));
      await listen(true);
      await microphone.speak(samples);
      const before = ada.fromGuides().length;
      const released = performance.now();
      await listen(false);
      // The first word of the answer: the first message after what the guide heard (or its reply when it heard nothing).
      await ada.until(
        () =>
          ada
            .fromGuides()
            .slice(before)
            .find((message) => !message.text.startsWith("Ada, aloud:")),
        `the answer to “${question}”`,
        30_000,
      );
      releaseToAnswerMs.push(performance.now() - released);
    }
  } finally {
    await microphone.close();
    await ada.leave();
  }
  const result = { releaseToAnswerMs, asked: questions.length, jobRssBeforeMiB, jobRssAfterMiB: jobRssMiB() };
  log(
    `live hearing: release to answer p50 ${Math.round(percentile(releaseToAnswerMs, 50))} ms, p95 ${Math.round(percentile(releaseToAnswerMs, 95))} ms over ${questions.length}`,
  );
  return result;
}
