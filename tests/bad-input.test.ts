/**
 * Bad input, two ways: property-based tests of the input schema (fast-check),
 * and a raw-HTTP battery against the running app. Every bad input gets a 4xx
 * JSON error with a message a person can act on; none gets a 5xx; the process
 * stays up. The number of inputs tried is printed.
 */
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, inject, it } from "vitest";
import { guideName } from "@/agent/guide/room-context";
import { JoinInput, RoomName } from "@/contract/join";
import { callerFor, configFor } from "./support/caller";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const caller = callerFor(configFor(livekit));
let tried = 0;
afterAll(() => console.log(`bad input: ${tried} inputs tried`));

const CONTROL = fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028", "\u202e", "\u2066", "\n", "\t");
const validName = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .filter((name) => JoinInput.safeParse({ participantName: name }).success);

describe("the input schema (property-based)", () => {
  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        tried += 1;
        expect(() => JoinInput.safeParse(value)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses any name with a control, separator or bidi character in it", () => {
    fc.assert(
      fc.property(validName, CONTROL, fc.nat(), (name, bad, at) => {
        tried += 1;
        const position = at % (name.length + 1);
        const poisoned = `${name.slice(0, position)}x${bad}x${name.slice(position)}`;
        expect(JoinInput.safeParse({ participantName: poisoned }).success).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses names with invisible characters in them, saying so, rather than dropping them", async () => {
    for (const name of ["Ada\u200B", "\u2060Ada", "Ada\uFEFF", "A\u00ADda", "Ad\u200Ba Lovelace", "\u3164"]) {
      const refusal = await caller.livekit.join({ participantName: name }).catch((error: unknown) => error);
      expect(refusal, JSON.stringify(name)).toBeInstanceOf(TRPCError);
      expect((refusal as TRPCError).code).toBe("BAD_REQUEST");
      expect((refusal as TRPCError).message).toContain("Names cannot contain invisible or text-direction characters");
    }
    // An emoji written with zero-width joiners is a picture, not a hidden character.
    expect(JoinInput.safeParse({ participantName: "Ada 👩‍💻" }).success).toBe(true);
  });

  it("keeps names in NFKC form, so compatibility look-alikes become the ordinary letters", async () => {
    const joined = await caller.livekit.join({ participantName: "  Ａｄａ\u00A0" });
    expect(joined.participantName).toBe("Ada");
  });

  it("keeps the guide's names for the guide: whatever a context is called, a person cannot take its guide's name", () => {
    for (const title of ["Fleet Tracker", "Platform Guide", "", "Ｇｕｉｄｅ", "API"]) {
      const name = guideName(title ? { ok: false, reason: "any", title } : { ok: false, reason: "any" });
      expect(JoinInput.safeParse({ participantName: name }).success, name).toBe(false);
    }
    for (const name of ["Guide", "the GUIDE", "Fleet Tracker guide.", "ＧＵＩＤＥ"]) {
      expect(JoinInput.safeParse({ participantName: name }).success, name).toBe(false);
    }
    for (const name of ["Guido", "Guides", "Ada (guided tour)"]) {
      expect(JoinInput.safeParse({ participantName: name }).success, name).toBe(true);
    }
  });

  it("accepts exactly the room names of 1–64 letters, digits, '-' and '_'", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (name) => {
        tried += 1;
        expect(RoomName.safeParse(name).success).toBe(/^[A-Za-z0-9_-]{1,64}$/.test(name));
      }),
      { numRuns: 2000 },
    );
  });

  it("answers every invalid input through the real procedure with BAD_REQUEST, never anything else", async () => {
    const invalid = fc.anything().filter((value) => !JoinInput.safeParse(value).success);
    await fc.assert(
      fc.asyncProperty(invalid, async (value) => {
        tried += 1;
        const error = await caller.livekit.join(value as never).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("BAD_REQUEST");
      }),
      { numRuns: 300 },
    );
  });
});

type Case = {
  label: string;
  path: string;
  method?: string;
  contentType?: string | null;
  body?: BodyInit;
  expect: number | "4xx";
  duplex?: boolean;
};

const join = "/api/trpc/livekit.join";
const json = (value: unknown) => JSON.stringify(value);
const MB = 1024 * 1024;

const cases: Case[] = [
  { label: "malformed JSON", path: join, body: '{"participantName":', expect: 400 },
  { label: "a JSON string instead of an object", path: join, body: '"Ada"', expect: 400 },
  { label: "null", path: join, body: "null", expect: 400 },
  { label: "an empty body", path: join, body: "", expect: 400 },
  { label: "text/plain", path: join, contentType: "text/plain", body: json({ participantName: "Ada" }), expect: "4xx" },
  { label: "XML", path: join, contentType: "application/xml", body: "<join/>", expect: "4xx" },
  { label: "no content type and a broken body", path: join, contentType: null, body: "{", expect: "4xx" },
  { label: "a 1 MB body (declared length)", path: join, body: json({ participantName: "x".repeat(MB) }), expect: 413 },
  { label: "a 5 MB body (declared length)", path: join, body: json({ participantName: "x".repeat(5 * MB) }), expect: 413 },
  {
    label: "a 1 MB body streamed without a length",
    path: join,
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < 16; i += 1) controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        controller.close();
      },
    }),
    duplex: true,
    expect: 413,
  },
  { label: "a name with NUL", path: join, body: json({ participantName: "Ada\u0000" }), expect: 400 },
  { label: "a name with a right-to-left override", path: join, body: json({ participantName: "Ada\u202egnp.exe" }), expect: 400 },
  { label: "a name of 65 emoji", path: join, body: json({ participantName: "🙂".repeat(65) }), expect: 400 },
  { label: "a name that is only spaces", path: join, body: json({ participantName: "   \u3000 " }), expect: 400 },
  ...["../../etc/passwd", "..%2F..%2Fetc", "/absolute", "a/b", "room\\x", "é", "ルーム", "room name", ".", "%00", "r".repeat(65)].map(
    (roomName): Case => ({
      label: `room name ${JSON.stringify(roomName).slice(0, 30)}`,
      path: join,
      body: json({ participantName: "Ada", roomName }),
      expect: 400,
    }),
  ),
  { label: "a number for the name", path: join, body: json({ participantName: 42 }), expect: 400 },
  { label: "an array for the name", path: join, body: json({ participantName: ["Ada"] }), expect: 400 },
  { label: "an object for the room", path: join, body: json({ participantName: "Ada", roomName: { $ne: "" } }), expect: 400 },
  { label: "an extra field", path: join, body: json({ participantName: "Ada", canPublish: true }), expect: 400 },
  { label: "a prototype-polluting field", path: join, body: '{"participantName":"Ada","__proto__":{"admin":true}}', expect: 400 },
  { label: "a context that does not exist", path: join, body: json({ participantName: "Ada", context: "nope" }), expect: 400 },
  { label: "a context with a path in it", path: join, body: json({ participantName: "Ada", context: "../default" }), expect: 400 },
  {
    label: "GET on the mutation",
    path: `${join}?input=${encodeURIComponent(json({ participantName: "Ada" }))}`,
    method: "GET",
    expect: 405,
  },
  { label: "an unknown procedure", path: "/api/trpc/livekit.admin", body: json({}), expect: 404 },
  {
    label: "a batch of 500 calls",
    path: `/api/trpc/${Array.from({ length: 500 }, () => "livekit.join").join(",")}?batch=1`,
    body: json(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [String(i), { participantName: `P${i}` }]))),
    expect: "4xx",
  },
  {
    label: "a batch of 11 calls",
    path: `/api/trpc/${Array.from({ length: 11 }, () => "livekit.join").join(",")}?batch=1`,
    body: json(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), { participantName: `P${i}` }]))),
    expect: 400,
  },
  { label: "token: malformed JSON", path: "/api/token", body: "{", expect: 400 },
  {
    label: "token: wrong content type",
    path: "/api/token",
    contentType: "text/plain",
    body: json({ participant_name: "Ada" }),
    expect: 415,
  },
  { label: "token: a 1 MB body", path: "/api/token", body: json({ participant_name: "x".repeat(MB) }), expect: 413 },
  { label: "token: an identity", path: "/api/token", body: json({ participant_name: "Ada", participant_identity: "admin" }), expect: 403 },
  {
    label: "token: a room that looks like a path",
    path: "/api/token",
    body: json({ participant_name: "Ada", room_name: "../x" }),
    expect: 400,
  },
  { label: "token: GET", path: "/api/token", method: "GET", expect: 405 },
];

describe("a raw-HTTP battery against the running app", () => {
  it.each(cases)("$label → $expect, as JSON with a message", async (testCase) => {
    tried += 1;
    const headers: Record<string, string> = {};
    const contentType = testCase.contentType === undefined ? "application/json" : testCase.contentType;
    if (contentType) headers["content-type"] = contentType;
    const response = await fetch(`${appUrl}${testCase.path}`, {
      method: testCase.method ?? "POST",
      headers,
      body: testCase.method === "GET" ? undefined : testCase.body,
      ...(testCase.duplex ? { duplex: "half" } : {}),
    } as RequestInit);
    const text = await response.text();
    if (testCase.expect === "4xx") {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(testCase.expect);
    }
    if (response.status !== 405) {
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = JSON.parse(text) as { error?: { message?: string } };
      expect(body.error?.message, "a message a person can act on").toMatch(/\w{3,}/);
    }
    expect(text).not.toContain(livekit.apiSecret);
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("is still up and ready after all of it", async () => {
    const health = await fetch(`${appUrl}/api/health`);
    expect(health.status).toBe(200);
    const ok = await fetch(`${appUrl}${join}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json({ participantName: "Ada" }),
    });
    expect(ok.status).toBe(200);
  });
});
