/**
 * The knowledge service's indexes (agent/knowledge/held-indexes.ts), with
 * real knowledge threads on two copies of the fixture repository: idle
 * indexes beyond the cap go least recently used first, and an index being
 * checked for a room's claim is not dropped under it by another root's claim
 * (which once left every later room on that root waiting forever).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeldIndexes } from "@/agent/knowledge";
import { type GuideRepository, makeGuideRepository } from "./support/guide-repository";

let first: GuideRepository;
let second: GuideRepository;
const open: HeldIndexes[] = [];

beforeAll(() => {
  first = makeGuideRepository({ git: true });
  second = makeGuideRepository({ git: true });
});

afterAll(async () => {
  await Promise.all(open.map((indexes) => indexes.close()));
  first?.remove();
  second?.remove();
});

/** Indexes with one idle index allowed, and every claim checking the revision (so a claim always awaits). */
function heldIndexes() {
  const indexes = new HeldIndexes({}, { maxIndexes: 1, recheckMs: 0 }, () => undefined);
  open.push(indexes);
  return indexes;
}

async function claimedAndReady(indexes: HeldIndexes, root: string) {
  const claim = await indexes.claim(root);
  expect((await claim.index.knowledge.settled).status).toBe("ready");
  return claim;
}

it("keeps at most the cap of idle indexes, dropping the least recently used", async () => {
  const indexes = heldIndexes();
  const a = await claimedAndReady(indexes, first.root);
  const b = await claimedAndReady(indexes, second.root);
  expect(indexes.count).toBe(2);
  indexes.release(a.index);
  // One idle (a), within the cap.
  expect(indexes.count).toBe(2);
  indexes.release(b.index);
  // Two idle: a, the least recently used, goes.
  expect(indexes.count).toBe(1);
  expect(a.index.knowledge.usable).toBe(false);
  expect(b.index.knowledge.usable).toBe(true);
}, 60_000);

it("does not drop an index while a room's claim checks it, when another room's leaving puts the idle ones over the cap", async () => {
  const indexes = heldIndexes();
  const a = await claimedAndReady(indexes, first.root);
  indexes.release(a.index);
  const c = await claimedAndReady(indexes, second.root);
  // A room claims A again, and its revision check goes to A's thread; meanwhile C's room leaves.
  const again = indexes.claim(first.root);
  await new Promise((resolve) => setTimeout(resolve, 0));
  indexes.release(c.index);
  // Had A counted as idle during the check, it would have gone (the least recently used), and the claim never ended.
  const claimed = await again;
  expect(claimed.shared).toBe(true);
  expect(claimed.index).toBe(a.index);
  expect(a.index.knowledge.usable).toBe(true);
  expect(c.index.knowledge.usable).toBe(true);
  expect((await claimed.index.knowledge.answer("where is the auth middleware?")).text).toContain("middleware.go");
}, 60_000);
