/**
 * Load: 10,000 joins at concurrency 64 through the production server (its own
 * instance, with the rate limit off), against the real livekit-server. No
 * errors, and no identity handed out twice. Speed and memory are measured by
 * `npm run bench`, not asserted here.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";

const livekit = inject("livekit");
const JOINS = 10_000;
const CONCURRENCY = 64;
const ROOMS = 200;

describe("10,000 joins at concurrency 64", () => {
  let app: AppProcess | undefined;
  afterAll(async () => app?.stop());

  it("all succeed, with 10,000 distinct identities", { timeout: 300_000 }, async () => {
    app = await startApp({ ...liveKitEnv(livekit), RATE_LIMIT_JOINS: "0", LOG_LEVEL: "warn" });
    const url = `${app.url}/api/trpc/livekit.join`;
    const identities = new Set<string>();
    const failures: string[] = [];
    let next = 0;

    async function worker() {
      while (next < JOINS) {
        const index = next++;
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ participantName: `Load ${index}`, roomName: `load-${index % ROOMS}` }),
        });
        const body = (await response.json()) as { result?: { data: { participantIdentity: string } } };
        if (response.status !== 200 || !body.result) failures.push(`${response.status}`);
        else identities.add(body.result.data.participantIdentity);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(failures).toEqual([]);
    expect(identities.size).toBe(JOINS);
  });
});
