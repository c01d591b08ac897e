/**
 * The guide measured live, for `npm run eval:guide`: rooms made and
 * dispatched as `livekit.join` makes them, and people (real LiveKit
 * participants, scripts/lib/room-person.ts) who join them and ask over
 * `lk.chat`. Times are taken on the people's side: from the start of their
 * connect to the greeting, and from a question sent to its answer received.
 */
import path from "node:path";
import { AccessToken, AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { ROLE_ATTRIBUTE } from "../../contract/join";
import type { LiveKitServer } from "../../scripts/lib/livekit-process";
import { Person } from "../../scripts/lib/room-person";

export type LiveResult = {
  /** The first greeting, while the repository is read. */
  coldGreetingMs: number;
  /** A person alone in a new room, the repository known (the guide is dispatched as they join). */
  newRoomGreetingMs: number[];
  /** A person joining a room the guide is already in. */
  joinedRoomGreetingMs: number[];
  answerMs: number[];
};

/** The guide answers 20 questions a minute from one person: each asker stays under it. */
const QUESTIONS_PER_PERSON = 15;
/** Answers measured: enough that a stall in one answer in twenty shows in the maximum, and in the p95. */
const MIN_ANSWERS = 200;
const NEW_ROOMS = 12;

export class EvalRooms {
  private readonly rooms: RoomServiceClient;
  private readonly dispatches: AgentDispatchClient;
  private count = 0;

  constructor(
    readonly livekit: LiveKitServer,
    private readonly agentName: string,
  ) {
    this.rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    this.dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  }

  /** A room about repoRoot, described and dispatched as livekit.join does, and a person's token for it. */
  async open(repoRoot: string, person: string): Promise<{ roomName: string; token: string }> {
    this.count += 1;
    const roomName = `eval-${this.count}-${Date.now().toString(36)}`;
    const context = { id: "eval", title: path.basename(repoRoot), repoRoot, agentName: this.agentName };
    const metadata = JSON.stringify({ version: 1, context, provisionId: roomName });
    await this.rooms.createRoom({ name: roomName, metadata, emptyTimeout: 30 });
    await this.dispatches.createDispatch(roomName, this.agentName, { metadata });
    return { roomName, token: await this.token(roomName, person) };
  }

  async token(roomName: string, person: string): Promise<string> {
    const token = new AccessToken(this.livekit.apiKey, this.livekit.apiSecret, {
      identity: `${person}-${roomName}`,
      name: person,
      ttl: 600,
      // As livekit.join's tokens: the guide serves its RPC methods to people with a role the server set.
      attributes: { [ROLE_ATTRIBUTE]: "member" },
    });
    token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canPublishData: true, canSubscribe: true });
    return token.toJwt();
  }

  async guideGone(roomName: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const participants = await this.rooms.listParticipants(roomName).catch(() => []);
      if (participants.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Joins, and resolves with the milliseconds from the start of connect() to the full greeting. */
export async function timeToGreeting(
  url: string,
  token: string,
  name: string,
  timeoutMs = 30_000,
): Promise<{ person: Person; ms: number }> {
  const started = performance.now();
  const person = await Person.join(url, token, name);
  await person.nextFromGuide(new RegExp(`^Hi ${name}! I'm your guide`), "the greeting", 0, timeoutMs);
  return { person, ms: performance.now() - started };
}

/** Asks and resolves with the milliseconds until the answer addressed to this person arrives. */
async function timeToAnswer(person: Person, question: string): Promise<number> {
  const before = person.fromGuides().length;
  const started = performance.now();
  await person.say(question);
  await person.until(
    () =>
      person
        .fromGuides()
        .slice(before)
        .find((message) => message.text.startsWith(`@${person.name} `)),
    `an answer to "${question}"`,
  );
  return performance.now() - started;
}

/**
 * A room about `root`: its first greeting while the repository is read, a
 * crowd that joins it, and at least MIN_ANSWERS questions from that crowd,
 * one at a time; then new rooms, one person each, once the repository is known.
 */
export async function measureLive(rooms: EvalRooms, root: string, questions: string[], log: (line: string) => void): Promise<LiveResult> {
  const url = rooms.livekit.url;
  const first = await rooms.open(root, "Ada");
  const cold = await timeToGreeting(url, first.token, "Ada", 120_000);
  log(`greeting while indexing: ${Math.round(cold.ms)} ms`);

  const rounds = Math.ceil(MIN_ANSWERS / questions.length);
  const asked = Array.from({ length: rounds }, () => questions).flat();
  const askers = Math.ceil(asked.length / QUESTIONS_PER_PERSON);
  const joined = await Promise.all(
    Array.from({ length: askers - 1 }, async (_, index) =>
      timeToGreeting(url, await rooms.token(first.roomName, `Asker${index}`), `Asker${index}`),
    ),
  );
  const people = [cold.person, ...joined.map((each) => each.person)];
  const answerMs: number[] = [];
  for (const [index, question] of asked.entries())
    answerMs.push(await timeToAnswer(people[Math.floor(index / QUESTIONS_PER_PERSON)]!, question));
  await Promise.all(people.map((person) => person.leave()));
  await rooms.guideGone(first.roomName);
  log(`${answerMs.length} answers over lk.chat, max ${Math.round(Math.max(...answerMs))} ms`);

  const newRoomGreetingMs: number[] = [];
  for (let index = 0; index < NEW_ROOMS; index += 1) {
    const room = await rooms.open(root, "Dee");
    const { person, ms } = await timeToGreeting(url, room.token, "Dee");
    newRoomGreetingMs.push(ms);
    await person.leave();
    await rooms.guideGone(room.roomName);
  }
  return { coldGreetingMs: cold.ms, newRoomGreetingMs, joinedRoomGreetingMs: joined.map((each) => each.ms), answerMs };
}
