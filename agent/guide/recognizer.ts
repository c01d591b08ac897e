/**
 * Offline speech recognition for one question: Debian's pocketsphinx
 * (`pocketsphinx_continuous`, BSD, with the `pocketsphinx-en-us` model) run
 * as a separate program, heard with the repository's grammar and
 * pronunciations (the knowledge layer's hearing model). It decodes while the
 * person speaks: audio goes to it as it arrives (16 kHz, 16-bit mono), and
 * the end of the stream ends the question. No audio is written to disk, and
 * the program ends with the question.
 *
 * The audio goes through a named pipe in the guide's private folder, not the
 * program's stdin: Node gives a child a socket for stdin, and pocketsphinx
 * reads `-infile` with open(), which a socket refuses.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, constants, createWriteStream, existsSync, openSync, rmSync, type WriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { HearingModel } from "../knowledge";

export const RECOGNIZER_SAMPLE_RATE = 16_000;
/** The longest a question's transcript may be: more is not a question the grammar holds. */
const MAX_TRANSCRIPT_CHARS = 400;
/** How long the recognizer may take to finish once the question has ended. */
const FINISH_TIMEOUT_MS = 10_000;

export type RecognizerSettings = { program: string; model: string };

/** Whether the recognizer (the program and its model) can run here; checked once per process. */
const available = new Map<string, boolean>();
export function recognizerAvailable(settings: RecognizerSettings): boolean {
  const key = `${settings.program}\n${settings.model}`;
  let known = available.get(key);
  if (known === undefined) {
    // pocketsphinx_continuous has no --version; asked for help, it prints its options and exits 0… or 1, by version: it ran.
    const ran = spawnSync(settings.program, ["-h"], { stdio: "ignore", timeout: 5_000 });
    known = ran.error === undefined && existsSync(path.join(settings.model, "en-us", "mdef"));
    available.set(key, known);
  }
  return known;
}

/** The hearing model's files, written once per job into a folder only this user reads, and removed with it. */
export class GrammarFiles {
  private constructor(
    readonly folder: string,
    readonly grammar: string,
    readonly dictionary: string,
  ) {}

  static async write(model: HearingModel): Promise<GrammarFiles> {
    const folder = await mkdtemp(path.join(os.tmpdir(), "guide-hearing-"));
    const grammar = path.join(folder, "question.jsgf");
    const dictionary = path.join(folder, "words.dict");
    await writeFile(grammar, model.grammar, { mode: 0o600 });
    await writeFile(dictionary, model.dictionary, { mode: 0o600 });
    return new GrammarFiles(folder, grammar, dictionary);
  }

  async remove(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }
}

let questions = 0;

/** One question being heard. */
export class Recognition {
  private readonly text: Promise<string>;
  private ended = false;

  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly audio: WriteStream,
    fifo: string,
  ) {
    // Writing to a recognizer that has stopped must not throw in the job: the close below says what happened.
    audio.on("error", () => undefined);
    let opened = false;
    audio.once("open", () => {
      opened = true;
    });
    this.text = new Promise<string>((resolve, reject) => {
      const out: Buffer[] = [];
      child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
      child.once("error", reject);
      child.once("close", (code, signal) => {
        this.ended = true;
        if (!opened) {
          // The program stopped before it opened the pipe: our open for writing waits for a reader, so one comes and goes.
          const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
          audio.once("open", () => closeSync(reader));
        }
        audio.destroy();
        rmSync(fifo, { force: true });
        if (code === 0) {
          // Each line is one stretch of speech between pauses; together they are the question.
          resolve(Buffer.concat(out).toString("utf8").replace(/\s+/g, " ").trim().slice(0, MAX_TRANSCRIPT_CHARS));
        } else reject(new Error(`the recognizer stopped (${signal ?? `exit code ${code}`})`));
      });
    });
    this.text.catch(() => undefined);
  }

  static start(settings: RecognizerSettings, files: GrammarFiles): Recognition {
    questions += 1;
    const fifo = path.join(files.folder, `audio-${questions}`);
    execFileSync("mkfifo", ["-m", "600", fifo]);
    // Opened for writing only, so that closing it is the end of the audio; the open waits (off the event loop) for the program to open it too.
    const audio = createWriteStream(fifo, { flags: "w" });
    const child = spawn(
      settings.program,
      [
        "-infile",
        fifo,
        "-samprate",
        String(RECOGNIZER_SAMPLE_RATE),
        "-hmm",
        path.join(settings.model, "en-us"),
        "-jsgf",
        files.grammar,
        "-dict",
        files.dictionary,
        "-logfn",
        "/dev/null",
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    return new Recognition(child, audio, fifo);
  }

  /** The recognizer's process (the evaluation reads its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Audio as it arrives: 16 kHz, 16-bit, mono. */
  write(samples: Int16Array): void {
    if (this.ended) return;
    this.audio.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }

  /** The question has ended: what was heard (empty when nothing was). */
  async finish(): Promise<string> {
    if (!this.ended) {
      this.ended = true;
      this.audio.end();
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), FINISH_TIMEOUT_MS);
    try {
      return await this.text;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Nothing is kept: the program is stopped, and what it heard is dropped. */
  abort(): void {
    this.ended = true;
    this.audio.destroy();
    this.child.kill("SIGKILL");
  }
}
