/**
 * Push-to-talk (contract/hearing.ts): the guide hears one person's question
 * while they hold the button, and nothing else.
 *
 * - It subscribes to no one's audio by default. On `{ on: true }` it
 *   subscribes to the caller's published microphone, and answers only once
 *   the first frame has arrived (so that no first word is lost); the audio
 *   goes to the recognizer (recognizer.ts) as it arrives, from where speech
 *   starts (speech-onset.ts), so it decodes while the button is held.
 * - On `{ on: false }` it unsubscribes, the recognizer finishes, and what it
 *   heard goes to the chat as the person's question (`onHeard`). No audio is
 *   kept: frames go to the recognizer's stdin and nowhere else.
 * - One person at a time, for at most MAX_LISTEN_SECONDS; no microphone, a
 *   muted one, or someone else asking: each is refused with a sentence. The
 *   guide's attribute LISTENING_ATTRIBUTE says whom it hears, for every page.
 */
import {
  type AudioFrame,
  AudioStream,
  type LocalParticipant,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
  RoomEvent,
  TrackSource,
} from "@livekit/rtc-node";
import { LISTEN_METHOD, LISTENING_ATTRIBUTE, ListenRequest, type ListenResponse, MAX_LISTEN_SECONDS } from "@/contract/hearing";
import type { HearingModel, RepositoryKnowledge } from "../knowledge";
import { type GuideRpc, refused } from "./guide-rpc";
import { SpeechOnset } from "./speech-onset";
import { GrammarFiles, RECOGNIZER_SAMPLE_RATE, Recognition, type RecognizerSettings, recognizerAvailable } from "./recognizer";

/** How long the caller's first audio frame may take once subscribed (a page answers in well under a second). */
const FIRST_FRAME_MS = 5_000;
/** Audio still on its way when the button is released: the last word is heard, not cut. */
const RELEASE_TAIL_MS = 250;

/** What the guide heard from whom, for the chat: `text` is empty when it heard nothing. */
export type OnHeard = (person: RemoteParticipant, text: string) => Promise<void>;
/** A sentence for one person only (the question was too long, their microphone went away). */
export type TellOne = (identity: string, text: string) => Promise<void>;

type Window = {
  person: RemoteParticipant;
  publication: RemoteTrackPublication;
  /** The audio's reader, while subscribed. */
  reader?: ReadableStreamDefaultReader<AudioFrame>;
  recognition: Recognition;
  limit?: NodeJS.Timeout;
  /** Set once the window is closed: frames after it are dropped. */
  closed: boolean;
};

export class Listening {
  private window: Window | undefined;
  private files: Promise<GrammarFiles> | undefined;
  private starting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly room: Room,
    private readonly knowledge: RepositoryKnowledge | undefined,
    private readonly settings: RecognizerSettings,
    private readonly onHeard: OnHeard,
    private readonly tellOne: TellOne,
  ) {
    // Someone who leaves, or stops publishing their microphone, while heard: nothing of it is kept.
    room.on(RoomEvent.ParticipantDisconnected, (person: RemoteParticipant) => {
      if (this.window?.person.identity === person.identity) void this.close(false);
    });
    room.on(RoomEvent.TrackUnpublished, (publication: RemoteTrackPublication, person: RemoteParticipant) => {
      if (this.window?.person.identity === person.identity && this.window.publication.sid === publication.sid) {
        void this.close(false).then(() =>
          this.tellOne(person.identity, "Your microphone went away, so I stopped listening and kept nothing."),
        );
      }
    });
  }

  private get local(): LocalParticipant {
    return this.room.localParticipant!;
  }

  private grammarFiles(model: Promise<HearingModel>): Promise<GrammarFiles> {
    this.files ??= model.then((made) => GrammarFiles.write(made));
    this.files.catch(() => {
      this.files = undefined;
    });
    return this.files;
  }

  /** Presses are taken one at a time, so that two people pressing at once cannot both be heard. */
  start(person: RemoteParticipant): Promise<ListenResponse> {
    const started = this.starting.then(() => this.open(person));
    this.starting = started.catch(() => undefined);
    return started;
  }

  private async open(person: RemoteParticipant): Promise<ListenResponse> {
    const current = this.window;
    if (current?.person.identity === person.identity) return { listening: true, maxSeconds: MAX_LISTEN_SECONDS };
    if (current) {
      const name = current.person.name || "Someone";
      throw refused("SOMEONE_ELSE_ASKING", `${name} is asking the guide right now. Hold the button again once they are done.`);
    }
    const publication = [...person.trackPublications.values()].find((each) => each.source === TrackSource.SOURCE_MICROPHONE);
    if (!publication) {
      throw refused("NO_MICROPHONE", "You have no microphone in this session: turn it on to ask aloud, or type your question in the chat.");
    }
    if (publication.muted) {
      throw refused(
        "MICROPHONE_MUTED",
        "Your microphone is muted. Unmute it to ask aloud (everyone in the room will hear you too), or type your question.",
      );
    }
    if (!this.knowledge || !recognizerAvailable(this.settings)) {
      throw refused("CANNOT_HEAR", "The guide cannot hear questions here: type yours in the chat.");
    }
    const files = await this.grammarFiles(this.knowledge.hearing()).catch(() => {
      throw refused("CANNOT_HEAR", "The guide cannot hear questions just now: type yours in the chat.");
    });
    const window: Window = { person, publication, recognition: Recognition.start(this.settings, files), closed: false };
    this.window = window;
    try {
      await this.firstFrame(window);
    } catch (error) {
      await this.close(false);
      throw error;
    }
    window.limit = setTimeout(() => {
      void this.close(false).then(() =>
        this.tellOne(
          person.identity,
          `That was longer than ${MAX_LISTEN_SECONDS} s, so I stopped listening and kept nothing. Ask a shorter question, or type it.`,
        ),
      );
    }, MAX_LISTEN_SECONDS * 1000);
    void this.local.setAttributes({
      [LISTENING_ATTRIBUTE]: JSON.stringify({ identity: person.identity, name: person.name || person.identity }),
    });
    return { listening: true, maxSeconds: MAX_LISTEN_SECONDS };
  }

  /** Subscribes to the window's microphone and feeds its audio to the recognizer; resolves on the first frame. */
  private async firstFrame(window: Window): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const noSound = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(refused("CANNOT_HEAR", "No sound reached the guide from your microphone. Check it, or type your question.", "no-audio")),
        FIRST_FRAME_MS,
      );
    });
    try {
      const track = await Promise.race([this.subscribed(window), noSound]);
      const reader = new AudioStream(track, { sampleRate: RECOGNIZER_SAMPLE_RATE, numChannels: 1 }).getReader();
      window.reader = reader;
      let heard!: () => void;
      const first = new Promise<void>((resolve) => {
        heard = resolve;
      });
      void (async () => {
        const onset = new SpeechOnset();
        for (let read = await reader.read(); !read.done && !window.closed; read = await reader.read()) {
          for (const samples of onset.push(read.value.data)) window.recognition.write(samples);
          heard();
        }
      })().catch(() => undefined);
      await Promise.race([first, noSound]);
    } finally {
      clearTimeout(timer);
    }
  }

  private subscribed(window: Window): Promise<RemoteTrack> {
    const { publication, person } = window;
    if (publication.track) return Promise.resolve(publication.track);
    return new Promise((resolve) => {
      const onSubscribed = (track: RemoteTrack, subscribedTo: RemoteTrackPublication, owner: RemoteParticipant) => {
        if (owner.identity !== person.identity || subscribedTo.sid !== publication.sid) return;
        this.room.off(RoomEvent.TrackSubscribed, onSubscribed);
        resolve(track);
      };
      this.room.on(RoomEvent.TrackSubscribed, onSubscribed);
      publication.setSubscribed(true);
    });
  }

  /** The button was released: what the guide heard, which then goes to the chat. */
  async stop(person: RemoteParticipant): Promise<ListenResponse> {
    const window = this.window;
    if (window?.person.identity !== person.identity) {
      throw refused("NOT_LISTENING", "The guide was not listening to you: hold the button while you ask.");
    }
    await new Promise((resolve) => setTimeout(resolve, RELEASE_TAIL_MS));
    if (this.window !== window) throw refused("NOT_LISTENING", "The guide had already stopped listening to you.");
    const text = await this.close(true);
    void this.onHeard(person, text ?? "");
    return { listening: false, heard: text ? text : null };
  }

  /** Ends the window: unsubscribed, the stream stopped; with `keep`, what was heard, else the recognizer is stopped unheard. */
  private async close(keep: boolean): Promise<string | undefined> {
    const window = this.window;
    if (!window) return undefined;
    this.window = undefined;
    window.closed = true;
    clearTimeout(window.limit);
    window.publication.setSubscribed(false);
    await window.reader?.cancel().catch(() => undefined);
    void this.local.setAttributes({ [LISTENING_ATTRIBUTE]: "" });
    if (!keep) {
      window.recognition.abort();
      return undefined;
    }
    return window.recognition.finish().catch(() => "");
  }

  async shutdown(): Promise<void> {
    await this.close(false);
    await (await this.files?.catch(() => undefined))?.remove();
  }
}

/** Serves onboarding.listen to people in the room. */
export function serveListening(rpc: GuideRpc, listening: Listening): void {
  rpc.serve(LISTEN_METHOD, ListenRequest, async (request, callerIdentity) => {
    const person = rpc.person(callerIdentity, "ask the guide aloud");
    return request.on ? listening.start(person) : listening.stop(person);
  });
}
