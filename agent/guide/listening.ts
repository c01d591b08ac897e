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
 *   kept: frames go to the recognizer's pipe and nowhere else.
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
/** How long a press waits for the grammar's files (made once per index, when it is ready): a press is answered within a client's RPC timeout. */
const MODEL_WAIT_MS = 3_000;
/** How long a press waits for the last window's unsubscription to land, so that it does not end the new stream. */
const UNSUBSCRIBED_WAIT_MS = 2_000;
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
  /** Who is being let in (a press between its start and its first frame): nobody else may be at the same time. */
  private opening: RemoteParticipant | undefined;
  /** The last window's unsubscription, until it has landed. */
  private unsubscribing: Promise<void> = Promise.resolve();
  /** Attribute updates, one at a time and in order, so that the last one written is the last one meant. */
  private published: Promise<void> = Promise.resolve();

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

  /**
   * A press. The one-at-a-time check and the reservation happen before
   * anything is awaited, so that two people pressing at once cannot both be
   * let in, and nobody's press waits behind another's.
   */
  async start(person: RemoteParticipant): Promise<ListenResponse> {
    const current = this.window?.person ?? this.opening;
    if (current?.identity === person.identity && this.window) return { listening: true, maxSeconds: MAX_LISTEN_SECONDS };
    if (current) {
      const name = current.identity === person.identity ? "You are" : `${current.name || "Someone"} is`;
      throw refused("SOMEONE_ELSE_ASKING", `${name} asking the guide right now. Hold the button again once that is done.`);
    }
    this.opening = person;
    try {
      return await this.open(person);
    } finally {
      this.opening = undefined;
    }
  }

  private async open(person: RemoteParticipant): Promise<ListenResponse> {
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
    if (this.knowledge.state.status !== "ready") {
      throw refused("NOT_READY", "The guide is still reading the repository: ask aloud again in a moment, or type your question.");
    }
    const files = await within(this.grammarFiles(this.knowledge.hearing()), MODEL_WAIT_MS).catch(() => {
      throw refused("CANNOT_HEAR", "The guide is not ready to hear questions yet: try again in a moment, or type yours in the chat.");
    });
    await within(this.unsubscribing, UNSUBSCRIBED_WAIT_MS).catch(() => undefined);
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
    this.publish(JSON.stringify({ identity: person.identity, name: person.name || person.identity }));
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
    const subscribing = this.subscribed(window);
    try {
      const track = await Promise.race([subscribing.track, noSound]);
      // Released (or gone) while the guide was subscribing: nothing is read.
      if (window.closed) throw refused("NOT_LISTENING", "The guide had already stopped listening to you.");
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
      subscribing.stop();
    }
  }

  /** Subscribes to the window's microphone: its track once subscribed, and `stop` to stop waiting for it. */
  private subscribed(window: Window): { track: Promise<RemoteTrack>; stop: () => void } {
    const { publication, person } = window;
    let onSubscribed: ((track: RemoteTrack, to: RemoteTrackPublication, owner: RemoteParticipant) => void) | undefined;
    const track = new Promise<RemoteTrack>((resolve) => {
      onSubscribed = (subscribedTrack, to, owner) => {
        if (owner.identity === person.identity && to.sid === publication.sid) resolve(subscribedTrack);
      };
      this.room.on(RoomEvent.TrackSubscribed, onSubscribed);
      // Already subscribed (the last unsubscription never landed): that track carries on.
      if (publication.track && publication.subscribed) resolve(publication.track);
      publication.setSubscribed(true);
    });
    return { track, stop: () => onSubscribed && this.room.off(RoomEvent.TrackSubscribed, onSubscribed) };
  }

  /** Resolves once the publication's track is unsubscribed. */
  private unsubscribed(publication: RemoteTrackPublication): Promise<void> {
    if (!publication.track) return Promise.resolve();
    return new Promise((resolve) => {
      const onUnsubscribed = (_track: RemoteTrack, from: RemoteTrackPublication) => {
        if (from.sid !== publication.sid) return;
        this.room.off(RoomEvent.TrackUnsubscribed, onUnsubscribed);
        resolve();
      };
      this.room.on(RoomEvent.TrackUnsubscribed, onUnsubscribed);
      setTimeout(() => {
        this.room.off(RoomEvent.TrackUnsubscribed, onUnsubscribed);
        resolve();
      }, UNSUBSCRIBED_WAIT_MS).unref();
    });
  }

  /** The listening attribute, in order; a failed update is tried once more, so that pages do not keep showing a window that ended. */
  private publish(value: string): void {
    const write = () => this.local.setAttributes({ [LISTENING_ATTRIBUTE]: value });
    this.published = this.published.then(() => write().catch(() => write().catch(() => undefined)));
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
    this.unsubscribing = this.unsubscribed(window.publication);
    window.publication.setSubscribed(false);
    await window.reader?.cancel().catch(() => undefined);
    this.publish("");
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

/** The promise, or a rejection once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Serves onboarding.listen to people in the room. */
export function serveListening(rpc: GuideRpc, listening: Listening): void {
  rpc.serve(LISTEN_METHOD, ListenRequest, async (request, callerIdentity) => {
    const person = rpc.person(callerIdentity, "ask the guide aloud");
    return request.on ? listening.start(person) : listening.stop(person);
  });
}
