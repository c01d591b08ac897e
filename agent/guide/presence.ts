/**
 * Who is in the room, from the guide's side: the people (everyone but
 * agents), one guide per room, and leaving when the last person has.
 *
 * One guide per room: should two guides of the same name meet (two
 * dispatches without a shared lock), the one that joined later leaves. Each
 * puts its join time in an attribute, so both agree on which stays, and the
 * one that stays is the one that has already greeted everyone. rtc-node does
 * not expose a participant's join time, hence the attribute.
 */
import { EventEmitter } from "node:events";
import type { JobContext } from "@livekit/agents";
import { ParticipantKind, type RemoteParticipant, RoomEvent } from "@livekit/rtc-node";
import { AGENT_NAME_ATTRIBUTE } from "@/contract/guide";
import type { Logger } from "./logger";

/** When this guide joined (ms since the epoch). */
const GUIDE_SINCE_ATTRIBUTE = "onboarding.guide.since";
/** How long the guide waits in a room nobody has come to before leaving. */
const ALONE_TIMEOUT_MS = 60_000;

export class Presence extends EventEmitter<{ joined: [RemoteParticipant]; left: [] }> {
  private readonly since = Date.now();
  private aloneTimer: NodeJS.Timeout | undefined;
  leaving = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly agentName: string,
    private readonly log: Logger,
  ) {
    super();
  }

  private get room() {
    return this.ctx.room;
  }

  humans(): RemoteParticipant[] {
    return [...this.room.remoteParticipants.values()].filter((participant) => participant.kind !== ParticipantKind.AGENT);
  }

  /**
   * Takes part in the room's election (false, and the job ends, when another
   * guide was there first), then follows people coming and going. The join
   * time is published without waiting: a rival judges it when it arrives.
   */
  enter(): boolean {
    const local = this.room.localParticipant!;
    local
      .setAttributes({ [GUIDE_SINCE_ATTRIBUTE]: String(this.since) })
      .catch((error: unknown) => this.log.warn({ event: "presence", error: String(error) }, "could not publish the guide's join time"));
    this.room.on(RoomEvent.ParticipantAttributesChanged, (_changed, participant) => {
      if (participant.kind === ParticipantKind.AGENT) this.anotherGuideWins();
    });
    if (this.anotherGuideWins()) return false;
    this.room.on(RoomEvent.ParticipantConnected, (participant) => {
      if (participant.kind === ParticipantKind.AGENT) {
        this.anotherGuideWins();
        return;
      }
      clearTimeout(this.aloneTimer);
      this.emit("joined", participant);
    });
    this.room.on(RoomEvent.ParticipantDisconnected, () => this.emit("left"));
    return true;
  }

  /**
   * True (and the job ends) when another guide of ours joined the room before
   * this one. Both guides see the same two join times, so exactly one of them
   * leaves; a rival whose time has not arrived yet is judged when it does.
   */
  private anotherGuideWins(): boolean {
    const me = this.room.localParticipant?.identity ?? "";
    const rival = [...this.room.remoteParticipants.values()].find((participant) => {
      if (participant.kind !== ParticipantKind.AGENT || participant.attributes[AGENT_NAME_ATTRIBUTE] !== this.agentName) return false;
      const since = Number(participant.attributes[GUIDE_SINCE_ATTRIBUTE]);
      if (!Number.isFinite(since) || since <= 0) return false;
      return since < this.since || (since === this.since && participant.identity < me);
    });
    if (!rival || this.leaving) return Boolean(rival);
    this.leaving = true;
    this.log.info({ event: "duplicate-guide", other: rival.identity }, "another guide is already in this room; leaving it to them");
    this.ctx.shutdown("another guide is in the room");
    return true;
  }

  /** Leaves once nobody is here: at once if someone had come (and gone), after a wait if nobody has come yet. */
  leaveIfAlone(anyoneCame: boolean): void {
    if (this.humans().length > 0 || this.leaving) return;
    clearTimeout(this.aloneTimer);
    this.aloneTimer = setTimeout(
      () => {
        if (this.humans().length > 0 || this.leaving) return;
        this.leaving = true;
        this.log.info({ event: "leave" }, "the last person left; the guide leaves too");
        this.ctx.shutdown("no one left in the room");
      },
      anyoneCame ? 0 : ALONE_TIMEOUT_MS,
    );
  }

  close(): void {
    clearTimeout(this.aloneTimer);
  }
}
