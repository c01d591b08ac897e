/**
 * Debian's Prometheus server as a child process, for tests: it scrapes the
 * given targets (each with its bearer token) every `scrapeSeconds`, keeps its
 * data in a throwaway folder, listens on a free loopback port, and answers
 * PromQL through its HTTP API (`query`). Nothing is started as a service.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";

export type ScrapeTarget = { job: string; url: string; bearerToken?: string };

export type PrometheusServer = {
  url: string;
  /** The value of an instant PromQL query's first sample; undefined when it has none. */
  query: (promql: string) => Promise<number | undefined>;
  stop: () => Promise<void>;
};

export async function startPrometheus(targets: ScrapeTarget[], scrapeSeconds = 1): Promise<PrometheusServer> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "prometheus-"));
  const port = await getPort({ host: "127.0.0.1" });
  const config = {
    global: { scrape_interval: `${scrapeSeconds}s`, scrape_timeout: `${scrapeSeconds}s` },
    scrape_configs: targets.map((target) => {
      const url = new URL(target.url);
      return {
        job_name: target.job,
        scheme: url.protocol.replace(":", ""),
        metrics_path: url.pathname,
        ...(target.bearerToken ? { authorization: { type: "Bearer", credentials: target.bearerToken } } : {}),
        static_configs: [{ targets: [url.host] }],
      };
    }),
  };
  // JSON is YAML: Prometheus reads it as its configuration.
  writeFileSync(path.join(folder, "prometheus.yml"), JSON.stringify(config), { mode: 0o600 });
  const child: ChildProcess = spawn(
    process.env.PROMETHEUS_BIN || "prometheus",
    [
      `--config.file=${path.join(folder, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(folder, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let said = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    said = (said + chunk.toString()).slice(-2_000);
  });
  const orphaned = () => child.kill("SIGKILL");
  process.once("exit", orphaned);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}: ${said.trim()}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready at ${url}: ${said.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    query: async (promql) => {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { status: string; error?: string; data?: { result: Array<{ value: [number, string] }> } };
      if (body.status !== "success") throw new Error(`PromQL ${promql}: ${body.error}`);
      const first = body.data?.result[0];
      return first ? Number(first.value[1]) : undefined;
    },
    stop: async () => {
      process.removeListener("exit", orphaned);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
