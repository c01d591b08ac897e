/**
 * POST /api/token, LiveKit's standard token endpoint, against `next start` and
 * the real livekit-server: the schema, the status codes, and the fields a
 * client may not set. (A real connection through livekit-client's
 * TokenSource.endpoint is proven in e2e/token-endpoint.spec.ts.)
 */
import { RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { describe, expect, inject, it } from "vitest";
import { ErrorShape } from "@/contract/errors";
import { parseRoomMetadata } from "@/contract/room-metadata";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const repoRoot = inject("repoRoot");
const endpoint = `${appUrl}/api/token`;
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);

async function requestToken(body: unknown, init: { contentType?: string; raw?: string } = {}) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  expect(text).not.toContain(livekit.apiSecret);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  // Failures come in the one error shape every endpoint shares (contract/errors.ts).
  const error = parsed.error === undefined ? undefined : ErrorShape.parse(parsed.error);
  return { status: response.status, headers: response.headers, body: parsed, error };
}

describe("POST /api/token", () => {
  it("answers 201 with exactly { server_url, participant_token } for the standard request", async () => {
    const roomName = uniqueRoom("std");
    const { status, body, headers } = await requestToken({ room_name: roomName, participant_name: "Ada" });
    expect(status).toBe(201);
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(body).sort()).toEqual(["participant_token", "server_url"]);
    expect(body.server_url).toBe(livekit.url);

    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(body.participant_token as string);
    expect(claims.name).toBe("Ada");
    expect(claims.video?.room).toBe(roomName);
    expect(claims.video?.roomAdmin).toBeUndefined();
    // The same join as the page: the room exists, with this deployment's context.
    const [room] = await rooms.listRooms([roomName]);
    expect(parseRoomMetadata(room?.metadata)?.context.repoRoot).toBe(repoRoot);
  });

  it("creates a fresh room when no room_name is given", async () => {
    const { status, body } = await requestToken({ participant_name: "Ada" });
    expect(status).toBe(201);
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(body.participant_token as string);
    expect(claims.video?.room).toMatch(/^onb-[A-Za-z0-9_-]{16}$/);
  });

  it("treats the empty defaults a proto3 JSON writer may emit as unset", async () => {
    const { status } = await requestToken({
      participant_name: "Ada",
      participant_identity: "",
      participant_metadata: "",
      participant_attributes: {},
      room_config: {},
    });
    expect(status).toBe(201);
  });

  it.each([
    ["participant_identity", { participant_identity: "p_someone_else" }, "identities are assigned by the server"],
    ["participant_metadata", { participant_metadata: '{"role":"admin"}' }, "participant metadata is set by the server"],
    ["participant_attributes", { participant_attributes: { role: "admin" } }, "agents treat them as trusted"],
    ["room_config with agents", { room_config: { agents: [{ agent_name: "evil" }] } }, "comes from its onboarding context"],
    ["room_config with metadata", { room_config: { metadata: '{"repoRoot":"/etc"}' } }, "comes from its onboarding context"],
  ])("refuses a client-chosen %s with 403 and says why", async (field, extra, why) => {
    const roomName = uniqueRoom("forbidden");
    const { status, error } = await requestToken({ room_name: roomName, participant_name: "Ada", ...extra });
    expect(status).toBe(403);
    expect(error?.data).toMatchObject({ code: "FORBIDDEN", reason: "FIELD_NOT_SETTABLE" });
    expect(error?.data.fieldErrors?.[field.split(" ")[0]!]).toEqual([expect.stringContaining(why)]);
    expect(error?.message).toContain(`${field.split(" ")[0]} cannot be set by the client`);
    expect(error?.message).toContain(why);
    // Refused before anything happened: no room was made.
    expect(await rooms.listRooms([roomName])).toHaveLength(0);
  });

  it.each([
    ["a missing participant_name", { room_name: "abc" }, 400, "participant_name"],
    ["an empty participant_name", { participant_name: "  " }, 400, "Enter your name"],
    ["a room name that looks like a path", { participant_name: "Ada", room_name: "../admin" }, 400, "room_name"],
    ["a wrong type", { participant_name: 7 }, 400, "participant_name"],
    ["an unknown field", { participant_name: "Ada", can_publish_sources: ["camera"] }, 400, "unknown field can_publish_sources"],
    ["a camelCase body", { participantName: "Ada" }, 400, "unknown field participantName"],
    ["a JSON array", [], 400, "body"],
  ])("answers %s with 400 and a message naming the problem", async (_label, body, status, words) => {
    const response = await requestToken(body);
    expect(response.status).toBe(status);
    expect(response.error?.data).toMatchObject({ code: "BAD_REQUEST", reason: "INVALID_INPUT" });
    expect(response.error?.message).toContain(words);
  });

  it("answers malformed JSON with 400, another content type with 415, and an oversized body with 413", async () => {
    const malformed = await requestToken(undefined, { raw: '{"participant_name":' });
    expect(malformed.status).toBe(400);
    expect(malformed.error?.message).toBe("The request body is not valid JSON.");

    const form = await requestToken(undefined, { raw: "participant_name=Ada", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(form.error?.message).toContain("Content-Type: application/json");
    expect(form.error?.data.reason).toBe("UNSUPPORTED_MEDIA_TYPE");

    const huge = await requestToken({ participant_name: "Ada", padding: "x".repeat(64 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.error?.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "PAYLOAD_TOO_LARGE" });
  });

  it("refuses GET with 405", async () => {
    const response = await fetch(endpoint);
    expect(response.status).toBe(405);
  });
});
