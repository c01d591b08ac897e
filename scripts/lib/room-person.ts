/**
 * A person in a room, for the guide's tests and its evaluation: a real LiveKit participant
 * (@livekit/rtc-node, the SDK the guide itself uses) that reads and writes
 * `lk.chat` exactly as the page's Chat does, and can wait for what the guide
 * says or does. Waits re-check on every room event and message, with a
 * deadline; nothing here sleeps.
 */
import { ParticipantKind, type RemoteParticipant, Room, RoomEvent } from "@livekit/rtc-node";
import { CHAT_TOPIC } from "../../contract/guide";

/** `known`: whether the sender was a participant this person knew of when the message began to arrive (a page names the sender from that). */
export type ChatMessage = { from: string; text: string; known?: boolean };

export class Person {
  readonly messages: ChatMessage[] = [];
  readonly room = new Room();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly name: string) {}

  static async join(serverUrl: string, token: string, name: string): Promise<Person> {
    const person = new Person(name);
    person.room.registerTextStreamHandler(CHAT_TOPIC, (reader, { identity }) => {
      const known = person.room.remoteParticipants.has(identity);
      reader.readAll().then(
        (text) => {
          person.messages.push({ from: identity, text, known });
          person.wake();
        },
        // Leaving while a message is still arriving cuts it off (rtc-node rejects the read): it was never said in full.
        () => undefined,
      );
    });
    for (const event of [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.ParticipantAttributesChanged,
      RoomEvent.Disconnected,
    ]) {
      person.room.on(event, () => person.wake());
    }
    await person.room.connect(serverUrl, token, { autoSubscribe: false, dynacast: false });
    return person;
  }

  get identity(): string {
    return this.room.localParticipant?.identity ?? "";
  }

  guides(): RemoteParticipant[] {
    return [...this.room.remoteParticipants.values()].filter((participant) => participant.kind === ParticipantKind.AGENT);
  }

  /** Messages from guides (agents), in the order they arrived. */
  fromGuides(): ChatMessage[] {
    const guides = new Set(this.guides().map((guide) => guide.identity));
    return this.messages.filter((message) => guides.has(message.from) || message.from.startsWith("guide-"));
  }

  private wake() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the condition's first truthy value; fails after timeoutMs, naming what it waited for. */
  until<T>(condition: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = condition();
        if (!value) return;
        done();
        resolve(value);
      };
      const deadline = setTimeout(() => {
        done();
        reject(new Error(`${this.name} waited ${timeoutMs} ms for ${what}; messages so far:\n${JSON.stringify(this.messages, null, 1)}`));
      }, timeoutMs);
      // Some conditions (a server-side count, an attribute) change without a message; re-check now and then too.
      const poll = setInterval(check, 250);
      const done = () => {
        clearTimeout(deadline);
        clearInterval(poll);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The first message from a guide, after the first `after` of them, that matches. */
  nextFromGuide(matching: RegExp, what: string, after = 0, timeoutMs?: number): Promise<ChatMessage> {
    return this.until(
      () =>
        this.fromGuides()
          .slice(after)
          .find((message) => matching.test(message.text)),
      what,
      timeoutMs,
    );
  }

  async say(text: string) {
    await this.room.localParticipant!.sendText(text, { topic: CHAT_TOPIC });
  }

  /** Sends a question and resolves with the guide's next message after it. */
  async ask(question: string, timeoutMs?: number): Promise<ChatMessage> {
    const before = this.fromGuides().length;
    await this.say(question);
    return this.until(() => this.fromGuides()[before], `an answer to "${question}"`, timeoutMs);
  }

  /**
   * Sends a question and resolves with the guide's answer to it: in a room of
   * several people, the first message after it that names this person (`@Ada …`).
   */
  async askInCompany(question: string, timeoutMs?: number): Promise<ChatMessage> {
    const before = this.fromGuides().length;
    await this.say(question);
    return this.until(
      () =>
        this.fromGuides()
          .slice(before)
          .find((message) => message.text.startsWith(`@${this.name} `)),
      `an answer to "${question}"`,
      timeoutMs,
    );
  }

  async leave() {
    await this.room.disconnect();
  }
}
