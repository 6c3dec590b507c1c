/** The simulated job routes, over plain HTTP: the real shapes, errors and quirks of docs/api/NOTES.md §6-§7. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

async function api(method: string, path: string, body?: unknown, user: keyof typeof SEED_USERS = "admin") {
  const { username, password } = SEED_USERS[user];
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("simulated /run/code", () => {
  it("runs synchronously without async, and answers a token with async", async () => {
    const sync = await api("POST", "/run/code", { code: "wp option get home", environments: [{ site_id: 2, environment: "Production" }] });
    expect(sync).toEqual({ status: 200, body: { status: "completed", response: "https://acme-blog.test\n" } });
    const queued = await api("POST", "/run/code", { code: "wp core version", environments: ["1"], async: true });
    expect(queued.body.status).toBe("queued");
    expect(queued.body.token).toMatch(/^[A-Za-z0-9]{48}$/);
    const job = jobsControl(sim.state).jobs.get(queued.body.token)!;
    expect(job.targets).toEqual(["acmeshop-production"]);
    expect(job.user_id).toBe(1);
  });

  it("answers the real errors", async () => {
    expect((await api("POST", "/run/code", { environments: [1] })).body.code).toBe("missing_code");
    expect((await api("POST", "/run/code", { code: "wp plugin list" })).body.code).toBe("missing_environments");
    const foreign = await api("POST", "/run/code", { code: "wp plugin list", environments: [23, { environment_id: 24 }] }, "client");
    expect(foreign).toMatchObject({ status: 403, body: { code: "invalid_targets" } });
    // Inaccessible entries are skipped silently when one target is left.
    const mixed = await api("POST", "/run/code", { code: "wp core version", environments: [23, { enviroment_id: 1 }] }, "client");
    expect(mixed.body).toEqual({ status: "completed", response: "6.7.1\n" });
  });
});

describe("simulated job lifecycle", () => {
  it("goes queued → started → completed, per user, and cancels", async () => {
    const control = jobsControl(sim.state);
    control.next({ queuedMs: 150, durationMs: 5_000, output: "ok\n" });
    const { body } = await api("POST", "/run/code", { code: "wp cron event run --all", environments: [1], async: true });
    const token = body.token as string;
    expect((await api("GET", `/my-jobs/${token}`)).body).toEqual({ status: "queued", token });
    await new Promise((r) => setTimeout(r, 200));
    const started = (await api("GET", `/my-jobs/${token}`)).body;
    expect(started.status).toBe("started");
    expect(started.progress.percent).toBeGreaterThanOrEqual(0);
    control.finish(token);
    expect((await api("GET", `/my-jobs/${token}`)).body).toEqual({ response: "ok\n", status: "completed", token });

    const other = await api("GET", `/my-jobs/${token}`, undefined, "client");
    expect(other).toEqual({ status: 404, body: { code: "not_found", message: "Job not found.", data: { status: 404 } } });

    control.next({ durationMs: 10_000 });
    const long = (await api("POST", "/run/code", { code: "sleep 10", environments: [1], async: true })).body.token;
    expect((await api("DELETE", `/my-jobs/${long}`)).body).toEqual({ status: "cancelled" });
    expect((await api("GET", `/my-jobs/${long}`)).body.status).toBe("cancelled");

    control.next({ durationMs: 0, outcome: "failed" }, { durationMs: 0, outcome: "vanished" });
    const failed = (await api("POST", "/run/code", { code: "x", environments: [1], async: true })).body.token;
    const vanished = (await api("POST", "/run/code", { code: "x", environments: [1], async: true })).body.token;
    expect((await api("GET", `/my-jobs/${failed}`)).body).toEqual({ status: "failed", token: failed });
    expect((await api("GET", `/my-jobs/${vanished}`)).body).toEqual({ status: "", token: vanished });

    const task = control.jobs.get(token)!.task_id;
    expect((await api("GET", `/jobs/${task}`)).body).toEqual({ response: "ok\n", status: "completed", job_id: String(task) });
    expect((await api("GET", `/jobs/${task}`, undefined, "client")).status).toBe(403);
  });
});

describe("simulated /sites/cli and /sites/bulk-tools", () => {
  it("targets staging only for the exact string 'Staging' on a single site", async () => {
    jobsControl(sim.state).next({}, {});
    const lower = await api("POST", "/sites/cli", { post_id: 1, command: "sync-data", environment: "staging" });
    expect(lower.body.response).toContain("Syncing acmeshop\n");
    const exact = await api("POST", "/sites/cli", { post_id: 1, command: "sync-data", environment: "Staging" });
    expect(exact.body.response).toContain("Syncing acmeshop-staging");
  });

  it("answers foreground commands with raw output and refuses unknown commands and foreign sites", async () => {
    const raw = await api("POST", "/sites/cli", { post_id: 1, command: "run", value: "wp option get home", async: true });
    expect(typeof raw.body).toBe("string");
    expect((await api("POST", "/sites/cli", { post_id: 1, command: "explode" })).body.code).toBe("invalid_command");
    expect((await api("POST", "/sites/cli", { post_id: 1, command: "copy", value: 12 }, "client")).body.code).toBe("invalid_command");
    expect((await api("POST", "/sites/cli", { post_id: [1, 12], command: "backup" }, "client")).body.code).toBe("permission_denied");
  });

  it("validates bulk tools", async () => {
    expect((await api("POST", "/sites/bulk-tools", { tool: "backup" })).body.code).toBe("missing_data");
    expect((await api("POST", "/sites/bulk-tools", { tool: "nuke", environments: [1] })).body.code).toBe("invalid_tool");
    expect((await api("POST", "/sites/bulk-tools", { tool: "launch", environments: [1], params: { domain: "bad domain" } })).body.code).toBe("invalid_domain");
    expect((await api("POST", "/sites/bulk-tools", { tool: "backup", environments: [{ site_id: 1, environment: "production" }] })).body.code).toBe("invalid_targets");
    const ok = await api("POST", "/sites/bulk-tools", { tool: "backup", environments: [1, "2"], async: true });
    expect(ok.body.status).toBe("queued");
    expect(jobsControl(sim.state).jobs.get(ok.body.token)!.targets).toEqual(["acmeshop-production", "acmeshop-staging"]);
  });
});
