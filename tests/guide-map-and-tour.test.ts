/**
 * The map and the tour (contract/repository-map.ts, contract/tour.ts),
 * served by the real guide in a room on the real livekit-server and used by
 * bare participants (rtc-node), as any client may:
 * - the map of the fleet-tracker fixture has the modules and the arrows its
 *   imports imply (Go packages, Python modules, TypeScript files), and every
 *   module opens a file the code view reads;
 * - the repository's CodeTour is offered first, its text through the read
 *   gate (a planted token never comes back);
 * - the guide's tour moves for everyone: its state and the shared view in
 *   the guide's attributes, each step said in chat; a stale Next is ignored;
 *   a question in the middle is answered and the tour carries on; chat
 *   commands move it too; a late joiner sees the current step.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_VIEW_ERRORS, parseSharedView, READ_FILE_METHOD, VIEW_ATTRIBUTE } from "@/contract/code-view";
import { MAP_METHOD, RepositoryMap } from "@/contract/repository-map";
import { parseTourState, TOUR_ATTRIBUTE, TOUR_METHOD, TourList, TourState, TOURS_METHOD } from "@/contract/tour";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import type { Person } from "../scripts/lib/room-person";
import { makeGuideRepository } from "./support/guide-repository";
import { callGuide as call } from "./support/guide-rpc";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

const PLANTED_TOKEN = "ghp_R8x2Kq9LmZ4vT7wY1nB6cD3fH5jP0sA2eG4i";
const CODE_TOUR = {
  title: "Fleet Tracker in three stops",
  steps: [
    { file: "services/api/cmd/api/main.go", line: 13, description: "The API starts here. It wires the handlers to the store." },
    {
      file: "services/api/internal/auth/middleware.go",
      line: 12,
      description: `Every request is checked here; use ${PLANTED_TOKEN} to log in.`,
    },
    { file: ".env", line: 1, description: "The settings." },
  ],
};

let bed: GuideTestBed;
let worker: GuideWorker;
let ada: Person;
let grace: Person;

beforeAll(async () => {
  const repository = makeGuideRepository({ git: false });
  mkdirSync(path.join(repository.root, ".tours"));
  writeFileSync(path.join(repository.root, ".tours", "intro.tour"), `${JSON.stringify(CODE_TOUR, null, 2)}\n`);
  const git = (...args: string[]) => execFileSync("git", ["-C", repository.root, ...args], { stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", "commit", "-q", "-m", "fixture");
  bed = guideTestBed("map-tour", { repository });
  worker = await startGuideWorker(bed.workerEnv);
  const room = uniqueRoom("map-tour");
  ada = await bed.joinAs("Ada", room);
  grace = await bed.joinAs("Grace", room);
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
  await grace.nextFromGuide(/^Hi Grace! I'm your guide/, "the greeting", 0, 30_000);
});

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

const ok = <T>(outcome: Awaited<ReturnType<typeof call>>, parse: (value: unknown) => T): T => {
  if (!("ok" in outcome)) throw new Error(`refused: ${outcome.message}`);
  expect(JSON.stringify(outcome.ok)).not.toContain(PLANTED_TOKEN);
  return parse(outcome.ok);
};

describe("onboarding.map", () => {
  it("has the modules and arrows the fixture's imports imply, and every module opens in the code view", async () => {
    const map = ok(await call(ada, MAP_METHOD, {}), (value) => RepositoryMap.parse(value));
    const folders = map.modules.map((module) => module.folder);
    expect(folders).toEqual(
      expect.arrayContaining([
        "services/api/cmd/api",
        "services/api/internal/auth",
        "services/api/internal/trips",
        "services/api/internal/vehicles",
        "services/ingest/ingest",
        "services/ingest/tests",
        "web/src",
        "web/src/api",
        "web/src/components",
        "web/src/hooks",
        "web/src/lib",
        "packages/geo-utils/src",
      ]),
    );
    // Only folders that hold code are modules: docs and deploy are not, and nothing outside the root is.
    expect(folders).not.toContain("docs");
    expect(folders).not.toContain("deploy");
    const arrows = map.edges.map((edge) => `${map.modules[edge.from]!.folder} -> ${map.modules[edge.to]!.folder}`).sort();
    expect(arrows).toEqual(
      [
        "services/api/cmd/api -> services/api/internal/auth",
        "services/api/cmd/api -> services/api/internal/trips",
        "services/api/cmd/api -> services/api/internal/vehicles",
        "services/ingest/tests -> services/ingest/ingest",
        "web/src -> web/src/components",
        "web/src -> web/src/hooks",
        "web/src/components -> web/src/api",
        "web/src/components -> web/src/lib",
        "web/src/hooks -> web/src/api",
      ].sort(),
    );
    expect(map.edges.find((edge) => map.modules[edge.to]!.folder === "web/src/api")).toBeTruthy();
    for (const module of map.modules) {
      const read = await call(ada, READ_FILE_METHOD, { path: module.open, startLine: 1, endLine: 1 });
      expect(read, module.open).toHaveProperty("ok");
    }
  });
});

describe("tours", () => {
  it("offers the repository's CodeTour first, with its text through the read gate", async () => {
    const { tours } = ok(await call(ada, TOURS_METHOD, {}), (value) => TourList.parse(value));
    expect(tours.map((tour) => tour.source)).toEqual(["codetour", "guide"]);
    expect(tours[0]).toMatchObject({ title: CODE_TOUR.title, steps: 3 });

    const first = ok(await call(ada, TOUR_METHOD, { action: "start", tour: tours[0]!.id }), (value) => TourState.parse(value));
    expect(first).toMatchObject({ step: 1, total: 3, view: { path: "services/api/cmd/api/main.go", startLine: 13 } });
    const second = ok(await call(ada, TOUR_METHOD, { action: "next", step: 1 }), (value) => TourState.parse(value));
    // The step whose description holds a token: the gate blanked that line of the tour file, so its words are not said.
    expect(second.view?.path).toBe("services/api/internal/auth/middleware.go");
    expect(second.text).not.toContain("ghp_");
    const third = ok(await call(ada, TOUR_METHOD, { action: "next", step: 2 }), (value) => TourState.parse(value));
    // A step at a file no one may open shows nothing.
    expect(third.view).toBeNull();
    expect(await call(ada, TOUR_METHOD, { action: "end" })).toMatchObject({ ok: null });
    await ada.until(() => !ada.guides()[0]?.attributes[TOUR_ATTRIBUTE] || undefined, "the tour ended");
    for (const message of ada.fromGuides()) expect(message.text).not.toContain("ghp_");
  });

  it("leads everyone through the guide's tour, answers a question on the way, and carries on", async () => {
    const started = ada.fromGuides().length;
    ok(await call(ada, TOUR_METHOD, { action: "start", tour: "guide" }), (value) => TourState.parse(value));
    // Both people see step 1 in the guide's attributes, with the shared view on the README.
    for (const person of [ada, grace]) {
      const state = await person.until(() => parseTourState(person.guides()[0]?.attributes[TOUR_ATTRIBUTE]), "the tour state");
      expect(state).toMatchObject({ id: "guide", step: 1, stepTitle: "What it is", by: "Ada" });
      expect(parseSharedView(person.guides()[0]?.attributes[VIEW_ATTRIBUTE])).toMatchObject({ path: "README.md", by: "The guide" });
    }
    await grace.nextFromGuide(/^Tour 1\/\d+ · What it is: /, "step 1 in chat", started);

    // Grace goes next; Ada's Next from step 1, sent after, is stale and moves nothing.
    ok(await call(grace, TOUR_METHOD, { action: "next", step: 1 }), (value) => TourState.parse(value));
    const stale = ok(await call(ada, TOUR_METHOD, { action: "next", step: 1 }), (value) => TourState.parse(value));
    expect(stale).toMatchObject({ step: 2, stepTitle: "How to run it" });
    const view = await ada.until(() => {
      const shown = parseSharedView(ada.guides()[0]?.attributes[VIEW_ATTRIBUTE]);
      return shown?.path === "Makefile" ? shown : undefined;
    }, "the view on the Makefile");
    expect(view.startLine).toBeGreaterThanOrEqual(1);

    // A question during the tour is answered, and the guide says where the tour is.
    const answer = await ada.askInCompany("where is the auth middleware?");
    expect(answer.text).toContain("services/api/internal/auth/middleware.go");
    expect(answer.text).toMatch(/The tour is at step 2 of \d+: say “next” to carry on/);

    // Chat moves it too: next (the map), back, and end.
    const before = grace.fromGuides().length;
    await grace.say("next");
    const map = await ada.until(() => {
      const state = parseTourState(ada.guides()[0]?.attributes[TOUR_ATTRIBUTE]);
      return state?.step === 3 ? state : undefined;
    }, "step 3");
    expect(map).toMatchObject({ stepTitle: "The map", map: true, view: null, by: "Grace" });
    expect(ada.guides()[0]?.attributes[VIEW_ATTRIBUTE] ?? "").toBe("");
    await grace.nextFromGuide(/^Tour 3\/\d+ · The map: /, "step 3 in chat", before);

    // Someone who joins now sees the current step.
    const late = await bed.joinAs("Linus", ada.room.name!);
    const seen = await late.until(() => parseTourState(late.guides()[0]?.attributes[TOUR_ATTRIBUTE]), "the tour state");
    expect(seen.step).toBe(3);

    await ada.say("back");
    await grace.until(() => parseTourState(grace.guides()[0]?.attributes[TOUR_ATTRIBUTE])?.step === 2 || undefined, "back to step 2");
    await ada.say("end tour");
    await grace.until(() => !grace.guides()[0]?.attributes[TOUR_ATTRIBUTE] || undefined, "the tour ended");
    await grace.nextFromGuide(/end of the tour \(Ada ended it\)/, "the end in chat", before);
  });

  it("refuses a tour that does not exist and a move that is not one", async () => {
    expect(await call(ada, TOUR_METHOD, { action: "start", tour: "codetour:../../etc/passwd" })).toMatchObject({
      code: CODE_VIEW_ERRORS.INVALID_REQUEST,
      reason: "no-such-tour",
    });
    expect(await call(ada, TOUR_METHOD, { action: "jump", step: 9 })).toMatchObject({ code: CODE_VIEW_ERRORS.INVALID_REQUEST });
    // Next with no tour running: nothing to move.
    expect(await call(ada, TOUR_METHOD, { action: "next" })).toMatchObject({ ok: null });
  });
});
