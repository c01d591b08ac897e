/**
 * The guide's voice: offline text to speech with Debian's espeak-ng, run as a
 * separate program (its npm WebAssembly build is GPL-3.0; a separate process
 * keeps it out of this code), its WAV output streamed into a microphone-source
 * track, so the page's agent tile shows the guide speaking.
 *
 * The text goes to espeak-ng on stdin, never on a command line, and never
 * through a shell.
 */
import { spawn, spawnSync } from "node:child_process";
import { AudioFrame, AudioSource, type LocalParticipant, LocalAudioTrack, TrackPublishOptions, TrackSource } from "@livekit/rtc-node";

const SAMPLE_RATE = 22_050;
const FRAME_SAMPLES = SAMPLE_RATE / 10; // 100 ms
const MAX_SPOKEN_CHARS = 400;

/** Whether espeak-ng (the program GUIDE_ESPEAK names) can run here; checked once per process. */
const available = new Map<string, boolean>();
export function voiceAvailable(program: string): boolean {
  let known = available.get(program);
  if (known === undefined) {
    known = spawnSync(program, ["--version"], { stdio: "ignore", timeout: 5_000 }).status === 0;
    available.set(program, known);
  }
  return known;
}

/** Where the PCM data starts in a WAV stream, and its format; undefined until the header has arrived. */
function parseWavHeader(buffer: Buffer): { dataOffset: number; sampleRate: number; channels: number } | undefined {
  if (buffer.length < 12 || buffer.toString("ascii", 0, 4) !== "RIFF" || buffer.toString("ascii", 8, 12) !== "WAVE") return undefined;
  let offset = 12;
  let sampleRate = SAMPLE_RATE;
  let channels = 1;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString("ascii", offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    if (id === "fmt " && offset + 16 <= buffer.length) {
      channels = buffer.readUInt16LE(offset + 10);
      sampleRate = buffer.readUInt32LE(offset + 12);
    }
    // espeak-ng streams: its data chunk's size is a placeholder, so the data runs to the end.
    if (id === "data") return { dataOffset: offset + 8, sampleRate, channels };
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

export class Voice {
  private published: { source: AudioSource; track: LocalAudioTrack } | undefined;

  private constructor(
    private readonly participant: LocalParticipant,
    private readonly program: string,
  ) {}

  /**
   * A voice, or undefined when espeak-ng is not installed. Its track is
   * published only while it speaks: a published track is encoded all the
   * time, silence included, which cost about 7% of a core per idle room.
   */
  static async publish(participant: LocalParticipant, program: string): Promise<Voice | undefined> {
    if (!voiceAvailable(program)) return undefined;
    return new Voice(participant, program);
  }

  private async open(): Promise<AudioSource> {
    if (this.published) return this.published.source;
    const source = new AudioSource(SAMPLE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack("guide-voice", source);
    await this.participant.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    this.published = { source, track };
    return source;
  }

  /** Speaks the text, resolving once it has played out; the track is put away after. */
  async say(text: string): Promise<void> {
    const speech = spawn(this.program, ["--stdout", "--stdin", "-v", "en-us", "-s", "165"], { stdio: ["pipe", "pipe", "ignore"] });
    speech.stdin.end(text.slice(0, MAX_SPOKEN_CHARS).replace(/[`*_#]/g, ""));
    // Published while espeak-ng starts: the two overlap.
    const source = await this.open();
    try {
      let pending = Buffer.alloc(0);
      let format: ReturnType<typeof parseWavHeader>;
      for await (const chunk of speech.stdout as AsyncIterable<Buffer>) {
        pending = Buffer.concat([pending, chunk]);
        if (!format) {
          format = parseWavHeader(pending);
          if (!format) continue;
          pending = pending.subarray(format.dataOffset);
        }
        const frameBytes = FRAME_SAMPLES * 2 * format.channels;
        while (pending.length >= frameBytes) {
          await capture(source, pending.subarray(0, frameBytes), format.channels);
          pending = pending.subarray(frameBytes);
        }
      }
      if (format && pending.length >= 2 * format.channels) {
        await capture(source, pending.subarray(0, pending.length - (pending.length % (2 * format.channels))), format.channels);
      }
      await source.waitForPlayout();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const published = this.published;
    this.published = undefined;
    if (!published) return;
    if (published.track.sid) await this.participant.unpublishTrack(published.track.sid).catch(() => undefined);
    await published.track.close();
    await published.source.close();
  }
}

async function capture(source: AudioSource, bytes: Buffer, channels: number): Promise<void> {
  const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  await source.captureFrame(new AudioFrame(samples, SAMPLE_RATE, channels, samples.length / channels));
}
