/**
 * Minting participant tokens: one room, short-lived, no admin grants.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { AccessToken, RoomConfiguration, type RoomAgentDispatch, type VideoGrant } from "livekit-server-sdk";

export type TokenRequest = {
  apiKey: string;
  apiSecret: string;
  roomName: string;
  participantName: string;
  /** Set by the server only: agents and pages treat them as trusted. */
  attributes: Record<string, string>;
  ttlSeconds: number;
  /** Applied by LiveKit only if this join is the one that (re)creates the room. */
  roomConfig: { metadata: string; emptyTimeoutSeconds: number; agents: RoomAgentDispatch[] };
};

export type IssuedToken = {
  token: string;
  identity: string;
  /** The token's `exp` claim, epoch seconds. */
  expiresAt: number;
};

/** Exactly what a participant may do: join this one room, publish, subscribe, send data. */
export function participantGrant(roomName: string): VideoGrant {
  return {
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  };
}

/** 96 random bits: unique per join, so two tabs never kick each other. */
export function newParticipantIdentity(): string {
  return `p_${randomBytes(12).toString("base64url")}`;
}

export async function issueToken(request: TokenRequest): Promise<IssuedToken> {
  const identity = newParticipantIdentity();
  const token = new AccessToken(request.apiKey, request.apiSecret, {
    identity,
    name: request.participantName,
    attributes: request.attributes,
    ttl: request.ttlSeconds,
  });
  token.addGrant(participantGrant(request.roomName));
  token.roomConfig = new RoomConfiguration({
    name: request.roomName,
    metadata: request.roomConfig.metadata,
    emptyTimeout: request.roomConfig.emptyTimeoutSeconds,
    agents: request.roomConfig.agents,
  });
  const jwt = await token.toJwt();
  return { token: jwt, identity, expiresAt: readExpiry(jwt) };
}

/** Reads `exp` back from the signed token, so what we report is what LiveKit will enforce. */
function readExpiry(jwt: string): number {
  const { exp } = decodeJwt(jwt);
  if (exp === undefined) throw new Error("minted token has no exp claim");
  return exp;
}
