/**
 * The app's Prometheus metrics, scraped by a real Prometheus (Debian's) from
 * the production build, with joins made through the typed Node client
 * against a real livekit-server: joins by outcome and reason, the join
 * latency histogram, refusals by kind (input, rate limit, access; those made
 * before any procedure runs among them), LiveKit API calls
 * by method, and Node's defaults, each checked with PromQL through
 * Prometheus's HTTP API. /api/metrics refuses a caller without a service
 * token. The shipped alert rules pass `promtool check rules`, and every
 * query of the dashboard and the rules runs on that Prometheus.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type AppProcess, liveKitEnv, startApp } from "../scripts/lib/app-process";
import { type LiveKitServer, startLiveKitServer } from "../scripts/lib/livekit-process";
import { type PrometheusServer, startPrometheus } from "../scripts/lib/prometheus-process";
import { newServiceCredential } from "../scripts/lib/service-credential";
import { createNodeClient } from "../trpc/node";
import { uniqueRoom } from "./support/unique-room";

const JOIN_BUDGET = 4;
const service = newServiceCredential("metrics-tests");

let livekit: LiveKitServer;
let app: AppProcess;
let prometheus: PrometheusServer;

beforeAll(async () => {
  livekit = await startLiveKitServer();
  app = await startApp({
    ...liveKitEnv(livekit),
    ONBOARDING_SERVICE_TOKENS: service.entry,
    RATE_LIMIT_JOINS: String(JOIN_BUDGET),
  });
  prometheus = await startPrometheus([{ job: "app", url: `${app.url}/api/metrics`, bearerToken: service.token }]);
});

afterAll(async () => {
  await prometheus?.stop();
  await app?.stop();
  await livekit?.stop();
});

/** Polls Prometheus until the query has this value (it scrapes every second). */
const eventually = (promql: string, timeout = 15_000) => expect.poll(() => prometheus.query(promql), { timeout, interval: 500 });

describe("GET /api/metrics", () => {
  it("refuses a caller without a service token, and one with a token it does not know", async () => {
    const anonymous = await fetch(`${app.url}/api/metrics`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe("SERVICE_TOKEN_REJECTED");
    const unknown = await fetch(`${app.url}/api/metrics`, { headers: { authorization: "Bearer onb_not-a-token-we-know" } });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).not.toContain("onboarding_joins_total");
  });

  it("counts joins, refusals and LiveKit calls, as Prometheus scrapes them", async () => {
    await eventually('up{job="app"}').toBe(1);
    const client = createNodeClient(app.url, { serviceToken: service.token });
    for (let join = 0; join < JOIN_BUDGET - 1; join += 1) {
      await client.livekit.join.mutate({ participantName: `Ada ${join}`, roomName: uniqueRoom("metrics") });
    }
    // Refused for its input: it spends no budget.
    await expect(client.livekit.join.mutate({ participantName: "", roomName: uniqueRoom("metrics") })).rejects.toThrow();
    await client.livekit.join.mutate({ participantName: "Grace", roomName: uniqueRoom("metrics") });
    // Over the budget now.
    await expect(client.livekit.join.mutate({ participantName: "Hal", roomName: uniqueRoom("metrics") })).rejects.toThrow();

    await eventually('sum(onboarding_joins_total{outcome="ok"})').toBe(JOIN_BUDGET);
    await eventually('sum(onboarding_joins_total{outcome="refused",reason="INVALID_INPUT"})').toBe(1);
    await eventually('sum(onboarding_joins_total{outcome="refused",reason="RATE_LIMITED"})').toBe(1);
    await eventually('sum(onboarding_refusals_total{kind="rate_limit"})').toBe(1);
    await eventually('sum(onboarding_refusals_total{kind="input"})').toBe(1);
    await eventually("sum(onboarding_join_duration_seconds_count)").toBe(JOIN_BUDGET + 2);
    // Each new room was created once, and LiveKit answered.
    await eventually('sum(onboarding_livekit_requests_total{method="RoomService.createRoom",outcome="ok"})').toBe(JOIN_BUDGET);
    expect(await prometheus.query('sum(onboarding_livekit_requests_total{outcome="error"})')).toBeUndefined();
    expect(await prometheus.query("sum(onboarding_join_duration_seconds_sum)")).toBeGreaterThan(0);
    expect(await prometheus.query('sum(onboarding_join_duration_seconds_bucket{le="+Inf"})')).toBe(JOIN_BUDGET + 2);
    // Node's defaults.
    expect(await prometheus.query('process_resident_memory_bytes{job="app"}')).toBeGreaterThan(10_000_000);
  });

  it("counts the refusals made before any procedure runs: a cross-site form, a body that is not JSON, one too large", async () => {
    const join = `${app.url}/api/trpc/livekit.join`;
    const body = JSON.stringify({ participantName: "Mallory" });
    const crossSite = await fetch(join, {
      method: "POST",
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "application/json" },
      body,
    });
    expect(crossSite.status).toBe(403);
    const notJson = await fetch(join, { method: "POST", headers: { "content-type": "text/plain" }, body });
    expect(notJson.status).toBe(415);
    const tooLarge = await fetch(join, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ participantName: "x".repeat(256 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);

    await eventually('sum(onboarding_refusals_total{kind="access",reason="CROSS_SITE_REQUEST"})').toBe(1);
    await eventually('sum(onboarding_refusals_total{kind="input",reason="UNSUPPORTED_MEDIA_TYPE"})').toBe(1);
    await eventually('sum(onboarding_refusals_total{kind="input",reason="PAYLOAD_TOO_LARGE"})').toBe(1);
  });
});

describe("the shipped dashboard and alert rules", () => {
  it("pass promtool, and every query they hold runs on a real Prometheus", async () => {
    expect(execFileSync("promtool", ["check", "rules", "docs/monitoring/alerts.yml"], { encoding: "utf8" })).toContain("SUCCESS");
    const dashboard = JSON.parse(readFileSync("docs/monitoring/dashboard.json", "utf8")) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const rules = parseYaml(readFileSync("docs/monitoring/alerts.yml", "utf8")) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    const queries = [
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
      ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr)),
    ];
    expect(queries.length).toBeGreaterThan(15);
    // A query Prometheus cannot parse, or that names a function it lacks, throws here.
    for (const query of queries) await prometheus.query(query);
    // The app's own panels have data now (a rate of 0 is data: the joins all came between two scrapes).
    await expect
      .poll(async () => (await prometheus.query('sum(rate(onboarding_joins_total{outcome="ok"}[5m]))')) ?? -1, { timeout: 15_000 })
      .not.toBe(-1);
  });
});
