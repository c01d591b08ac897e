/**
 * What the tests of the guide in a room share: the shared livekit-server's
 * clients, an agent name of the file's own (so no other test's worker takes
 * its rooms), a fixture repository as the default context of a server-side
 * caller, people who join through `livekit.join`, and the environment of a
 * worker that serves them (and may read only that context's repository).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AccessToken, AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { inject } from "vitest";
import { AGENT_PARTICIPANT_KIND } from "@/contract/guide";
import { guideWorkerEnv } from "../../scripts/lib/guide-process";
import { Person } from "../../scripts/lib/room-person";
import { callerFor, configFor, type ServerRef } from "./caller";
import { type GuideRepository, makeGuideRepository } from "./guide-repository";
import { uniqueRoom } from "./unique-room";

export type GuideTestBed = ReturnType<typeof guideTestBed>;

export type GuideTestBedOptions = {
  /** The LiveKit server: the shared test server, unless the test runs one of its own. */
  livekit?: ServerRef & { httpUrl: string };
  /** The repository its rooms are about (the fleet-tracker fixture unless given), and its title. */
  repository?: GuideRepository;
  title?: string;
};

export function guideTestBed(label: string, options: GuideTestBedOptions = {}) {
  const livekit = options.livekit ?? inject("livekit");
  const agentName = `${label}-${randomBytes(3).toString("hex")}`;
  const repository = options.repository ?? makeGuideRepository({ git: true });
  const cache = mkdtempSync(path.join(os.tmpdir(), "guide-cache-"));
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  // The fixture, and a context whose folder is gone (a deployment that lost a checkout): the worker may read both.
  const contexts = {
    default: "fleet",
    contexts: {
      fleet: { title: options.title ?? "Fleet Tracker", repoRoot: repository.root, agentName },
      gone: { title: "Gone", repoRoot: path.join(repository.parent, "gone"), agentName },
    },
  };
  const caller = callerFor(configFor(livekit, { ONBOARDING_CONTEXTS: JSON.stringify(contexts) }));
  const people: Person[] = [];

  return {
    livekit,
    agentName,
    repository,
    caller,
    rooms,
    dispatches: new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret),
    workerEnv: guideWorkerEnv(livekit, agentName, cache, { ONBOARDING_CONTEXTS: JSON.stringify(contexts) }),
    /** Everyone who joined and has not left yet. */
    people,

    /** A person joins through `livekit.join`, as the page does. */
    async joinAs(name: string, roomName: string): Promise<Person> {
      const joined = await caller.livekit.join({ participantName: name, roomName });
      const person = await Person.join(joined.serverUrl, joined.participantToken, name);
      people.push(person);
      return person;
    },

    /** A person joins a room made by hand, described by `metadata` (as another app, or a broken one, might), with its guide dispatched. */
    async joinDescribedRoom(name: string, metadata: string): Promise<Person> {
      const roomName = uniqueRoom("described");
      await rooms.createRoom({ name: roomName, metadata, emptyTimeout: 60 });
      await this.dispatches.createDispatch(roomName, agentName, { metadata });
      const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `${name.toLowerCase()}-${roomName}`, name, ttl: 300 });
      token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canPublishData: true, canSubscribe: true });
      const person = await Person.join(livekit.url, await token.toJwt(), name);
      people.push(person);
      return person;
    },

    /** The guides in a room, as the server lists them (none once the room is gone). */
    async guidesIn(roomName: string) {
      const participants = await rooms.listParticipants(roomName).catch(() => []);
      return participants.filter((participant) => participant.kind === AGENT_PARTICIPANT_KIND);
    },

    async leaveAll() {
      await Promise.all(people.splice(0).map((person) => person.leave()));
    },

    remove() {
      rmSync(cache, { recursive: true, force: true });
      repository.remove();
    },
  };
}
