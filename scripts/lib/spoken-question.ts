/**
 * A person's microphone for the guide's hearing tests and its evaluation: a
 * real rtc-node microphone track that sends silence until it is given speech,
 * and speech made with Debian's espeak-ng (a separate program, as the guide's
 * own voice), optionally with noise mixed in by sox at a given SNR.
 *
 * The speech is synthetic: the evaluation says so wherever it reports it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AudioFrame, AudioSource, type LocalParticipant, LocalAudioTrack, TrackPublishOptions, TrackSource } from "@livekit/rtc-node";

export const MICROPHONE_RATE = 48_000;
const FRAME_SAMPLES = MICROPHONE_RATE / 100; // 10 ms, as a browser sends

export type SpeechOptions = {
  /** An espeak-ng voice (`en-us`, `en-us+f3`, `en-gb-x-rp`). */
  voice?: string;
  /** Words per minute. */
  speed?: number;
  /** Mix white noise in at this signal-to-noise ratio, in dB. */
  noiseDb?: number;
  sampleRate?: number;
};

/** espeak-ng's WAV of `text`, in `folder`. */
function spokenWav(text: string, options: SpeechOptions, folder: string): string {
  const wav = path.join(folder, "speech.wav");
  execFileSync("espeak-ng", ["-v", options.voice ?? "en-us", "-s", String(options.speed ?? 165), "-w", wav, "--stdin"], { input: text });
  return wav;
}

/** `text` spoken by espeak-ng, as 16-bit mono samples at `sampleRate`, with a little silence each side. */
export function synthesize(text: string, options: SpeechOptions = {}): Int16Array {
  const folder = mkdtempSync(path.join(os.tmpdir(), "spoken-"));
  try {
    const wav = spokenWav(text, options, folder);
    const raw = path.join(folder, "speech.raw");
    const rate = String(options.sampleRate ?? MICROPHONE_RATE);
    const format = ["-r", rate, "-c", "1", "-b", "16", "-e", "signed-integer"];
    if (options.noiseDb === undefined) {
      execFileSync("sox", ["-q", "-V1", wav, ...format, raw, "pad", "0.2", "0.3"]);
    } else {
      // Noise at the asked SNR: the speech's RMS level, and white noise that much below it, mixed.
      const padded = path.join(folder, "padded.wav");
      execFileSync("sox", ["-q", "-V1", wav, "-r", rate, "-c", "1", padded, "pad", "0.2", "0.3"]);
      const stats = spawnSync("sox", [padded, "-n", "stats"], { encoding: "utf8" }).stderr;
      const rmsDb = Number(/RMS lev dB\s+(-?[\d.]+)/.exec(stats)?.[1] ?? -20);
      const noise = path.join(folder, "noise.wav");
      const seconds = execFileSync("soxi", ["-D", padded], { encoding: "utf8" }).trim();
      execFileSync("sox", [
        "-q",
        "-V1",
        "-n",
        "-r",
        rate,
        "-c",
        "1",
        noise,
        "synth",
        seconds,
        "whitenoise",
        "gain",
        "-n",
        String(rmsDb - options.noiseDb),
      ]);
      execFileSync("sox", ["-q", "-V1", "-m", padded, noise, ...format, raw]);
    }
    const bytes = readFileSync(raw);
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * `text` spoken into a WAV file (48 kHz, 16-bit mono) after `leadSeconds` of
 * silence and before `tailSeconds` more: for Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture=FILE%noloop` plays it once).
 */
export function writeSpeechWav(
  text: string,
  file: string,
  { leadSeconds = 0, tailSeconds = 1, ...options }: SpeechOptions & { leadSeconds?: number; tailSeconds?: number } = {},
) {
  const folder = mkdtempSync(path.join(os.tmpdir(), "spoken-"));
  try {
    const wav = spokenWav(text, options, folder);
    execFileSync("sox", [
      "-q",
      "-V1",
      wav,
      "-r",
      String(MICROPHONE_RATE),
      "-c",
      "1",
      "-b",
      "16",
      file,
      "pad",
      String(leadSeconds),
      String(tailSeconds),
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A published microphone: silence, until speech is given to it. */
export class Microphone {
  private queue: Int16Array[] = [];
  private running = true;
  private readonly pump: Promise<void>;
  private played: Array<() => void> = [];

  private constructor(
    private readonly participant: LocalParticipant,
    private readonly source: AudioSource,
    readonly track: LocalAudioTrack,
  ) {
    this.pump = this.run();
  }

  static async publish(participant: LocalParticipant): Promise<Microphone> {
    const source = new AudioSource(MICROPHONE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack("microphone", source);
    await participant.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    return new Microphone(participant, source, track);
  }

  get sid(): string {
    return this.track.sid ?? "";
  }

  /** Sends the samples after what is queued; resolves once they have been handed to the track. */
  speak(samples: Int16Array): Promise<void> {
    this.queue.push(samples);
    return new Promise((resolve) => this.played.push(resolve));
  }

  private async run(): Promise<void> {
    const silence = new Int16Array(FRAME_SAMPLES);
    while (this.running) {
      const speech = this.queue.shift();
      if (!speech) {
        // captureFrame paces itself (it waits while its queue is full), so this loop runs in real time.
        await this.source.captureFrame(new AudioFrame(silence, MICROPHONE_RATE, 1, FRAME_SAMPLES));
        continue;
      }
      for (let at = 0; at < speech.length && this.running; at += FRAME_SAMPLES) {
        const frame = new Int16Array(FRAME_SAMPLES);
        frame.set(speech.subarray(at, at + FRAME_SAMPLES));
        await this.source.captureFrame(new AudioFrame(frame, MICROPHONE_RATE, 1, FRAME_SAMPLES));
      }
      await this.source.waitForPlayout();
      this.played.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.running = false;
    await this.pump.catch(() => undefined);
    if (this.track.sid) await this.participant.unpublishTrack(this.track.sid).catch(() => undefined);
    await this.track.close();
    await this.source.close();
  }
}
