/** Jobs end to end: run tools, job handles, job resources, subscriptions, waits with progress and cancellation. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ResourceUpdatedNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { forgetAllJobs } from "../src/jobs/registry.js";
import { pollerStats, resetPollerStats } from "../src/jobs/poller.js";
import { data, sleep, startHarness, text, until, type Harness } from "./harness.js";

function links(result: CallToolResult) {
  return result.content.filter((c) => c.type === "resource_link") as { uri: string; name: string }[];
}

async function readJob(h: Harness, uri: string) {
  const res = await h.client.readResource({ uri });
  return JSON.parse((res.contents[0] as { text: string }).text);
}

let sim: Simulator;
const JOB_TIMING = { firstPollMs: 40, maxPollMs: 150, queuedGraceMs: 500, pollerFirstMs: 40, pollerMaxMs: 120 };
const control = () => jobsControl(sim.state);
const harnesses: Harness[] = [];
async function harness(opts: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness({ sim, toolsets: "jobs", jobTiming: JOB_TIMING, ...opts });
  harnesses.push(h);
  return h;
}

beforeAll(async () => {
  sim = await startSimulator();
});

afterEach(async () => {
  control().queue.length = 0;
  control().pollDelayMs = 0;
});

afterAll(async () => {
  for (const h of harnesses) await h.close().catch(() => {});
  await sim.stop();
});

describe("run tools", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it("returns the output of a job that finishes inside the wait, always starting it async", async () => {
    control().next({ durationMs: 150 });
    const result = await h.call("run_code", {
      code: "wp option get home",
      environments: [{ site_id: 1, environment: "Production" }, 3],
      wait_seconds: 5,
    });
    const job = data(result);
    expect(job.status).toBe("completed");
    expect(job.finished).toBe(true);
    expect(job.output).toContain("acmeshop-production: https://acme-shop.test");
    expect(job.output).toContain("acmeblog-production: https://acme-blog.test");
    expect(job.uri).toBe(`captaincore://jobs/${job.token}`);
    expect(job.ran).toBe("wp option get home");
    expect(links(result)).toHaveLength(0);
    const post = sim.requests.filter((r) => r.path === "/run/code").at(-1)!;
    expect(post.body).toEqual({
      code: "wp option get home",
      environments: [{ site_id: 1, environment: "production" }, 3],
      async: true,
    });
  });

  it("returns a job handle (resource_link and structuredContent) for a job that outlives the wait, then re-reads it", async () => {
    control().next({ durationMs: 30_000, output: "Success: Updated 3 of 3 plugins.\n" });
    const result = await h.call("run_code", { code: "wp plugin update --all", environments: [1], wait_seconds: 1 });
    const handle = data(result);
    expect(handle).toMatchObject({ status: "started", finished: false });
    expect(handle.token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(links(result)).toEqual([expect.objectContaining({ uri: `captaincore://jobs/${handle.token}` })]);
    expect(text(result)).toMatch(/still running.*wait_for_job or get_job/);

    // Through the resource, until completed.
    const first = await readJob(h, handle.uri);
    expect(first.status).toBe("started");
    expect(first.ran).toBe("wp plugin update --all");
    expect(first.on).toBe("environment 1");
    control().finish(handle.token);
    const done = await until("resource completed", async () => {
      const j = await readJob(h, handle.uri);
      return j.status === "completed" ? j : undefined;
    });
    expect(done.output).toBe("Success: Updated 3 of 3 plugins.\n");
    expect(done.elapsed_seconds).toBeGreaterThanOrEqual(1);
    expect(done.finished).toBe(true);

    // Through get_job (also with the URI as token).
    const viaTool = data(await h.call("get_job", { token: handle.uri }));
    expect(viaTool).toMatchObject({ status: "completed", finished: true, output: "Success: Updated 3 of 3 plugins.\n" });
  });

  it("wait_for_job waits for the end and reports progress when asked", async () => {
    control().next({ durationMs: 400 });
    const handle = data(await h.call("run_code", { code: "wp core version", environments: [1], wait_seconds: 0 }));
    expect(handle.status).toBe("queued");
    const progress: number[] = [];
    const result = (await h.client.callTool(
      { name: "wait_for_job", arguments: { token: handle.token, wait_seconds: 10 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    )) as CallToolResult;
    const job = data(result);
    expect(job.status).toBe("completed");
    expect(job.output).toBe("6.7.1\n");
    expect(progress.length).toBeGreaterThan(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it("stops waiting at once when the call is cancelled, and the job goes on", async () => {
    control().next({ durationMs: 5000 });
    const handle = data(await h.call("run_code", { code: "wp plugin list", environments: [1], wait_seconds: 0 }));
    const abort = new AbortController();
    const started = Date.now();
    const call = h.client.callTool(
      { name: "wait_for_job", arguments: { token: handle.token, wait_seconds: 30 } },
      undefined,
      { signal: abort.signal },
    );
    setTimeout(() => abort.abort("user pressed stop"), 200);
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
    await sleep(50);
    const polls = sim.count("GET", `/my-jobs/${handle.token}`);
    await sleep(250);
    expect(sim.count("GET", `/my-jobs/${handle.token}`)).toBe(polls);
    const simJob = control().jobs.get(handle.token)!;
    expect(control().statusOf(simJob)).toBe("started");
    expect(simJob.cancelledMs).toBeUndefined();
  });

  it("reports a failed job and surfaces errors in a completed job's output", async () => {
    control().next({ durationMs: 50, outcome: "failed" });
    const failed = await h.call("run_code", { code: "wp cron event run --all", environments: [2], wait_seconds: 5 });
    expect(data(failed)).toMatchObject({ status: "failed", finished: true });
    expect(data(failed).output).toBeUndefined();
    expect(text(failed)).toContain("could not start");

    const output = "Error: This does not seem to be a WordPress installation.\nPass --path=`path/to/wordpress` or run `wp core download`.\n";
    control().next({ durationMs: 50, output });
    const broken = await h.call("run_code", { code: "wp plugin list", environments: [2], wait_seconds: 5 });
    const job = data(broken);
    expect(job.status).toBe("completed");
    expect(job.output).toBe(output);
    expect(job.output_errors).toEqual(["Error: This does not seem to be a WordPress installation."]);
    expect(job.last_lines.at(-1)).toContain("wp core download");
    expect(text(broken)).toContain("output reports errors");
  });

  it("does not wait on a token that stays queued", async () => {
    control().next({ stayQueued: true });
    const started = Date.now();
    const result = await h.call("run_code", { code: "wp option get home", environments: [1], wait_seconds: 20 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(data(result)).toMatchObject({ status: "queued", finished: false });
    expect(text(result)).toContain("stay queued");
    expect(links(result)).toHaveLength(1);
  });

  it("caps long output and says so", async () => {
    const long = Array.from({ length: 1500 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n");
    control().next({ durationMs: 20, output: long });
    const job = data(await h.call("run_code", { code: "wp db query 'select 1'", environments: [1], wait_seconds: 5 }));
    expect(job.output.length).toBeLessThan(13_000);
    expect(job.output).toContain("line 1499");
    expect(job.output_cut).toMatch(/of \d+ characters/);
    const full = await readJob(h, job.uri);
    expect(full.output.length).toBe(long.length);
  });

  it("rejects bad input and reports no valid targets clearly", async () => {
    const before = sim.requests.length;
    for (const args of [{ code: "wp plugin list", environments: [] }, { code: "", environments: [1] }, { environments: [1] }]) {
      const result = await h.call("run_code", args);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("Nothing was sent");
    }
    // A site_id and environment at the top level: where they go, with the shape.
    const flat = await h.call("run_code", { code: "wp plugin list", site_id: 1, environment: "production" });
    expect(text(flat)).toContain('"site_id", "environment": they go inside environments, e.g. environments: [{site_id, environment}]');
    expect(sim.requests.length).toBe(before);
    const none = await h.call("run_code", { code: "wp plugin list", environments: [9999] });
    expect(none.isError).toBe(true);
    expect(text(none)).toContain("No valid targets");
    expect(text(none)).toContain("list_site_environments");
  });
});

describe("run_site_command and run_bulk_tool", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it("runs a background command on a single site's staging ('Staging' exactly)", async () => {
    control().next({ durationMs: 100 });
    const job = data(await h.call("run_site_command", { site_id: 1, command: "backup", environment: "Staging", wait_seconds: 5 }));
    expect(job.status).toBe("completed");
    expect(job.output).toContain("Backup of acmeshop-staging completed");
    expect(job.ran).toBe("backup");
    const post = sim.requests.filter((r) => r.path === "/sites/cli").at(-1)!;
    expect(post.body).toEqual({ post_id: 1, command: "backup", environment: "Staging", async: true });
  });

  it("sends several sites, or both environments, as a bulk run", async () => {
    control().next({ durationMs: 50 });
    const job = data(await h.call("run_site_command", { site_id: 2, command: "sync-data", environment: "both", wait_seconds: 5 }));
    expect(job.output).toContain("Syncing acmeblog\n");
    expect(job.output).toContain("acmeblog-staging");
    const post = sim.requests.filter((r) => r.path === "/sites/cli").at(-1)!;
    expect(post.body).toMatchObject({ post_id: [2], environment: "Both" });
  });

  it("returns a foreground command's raw output at once", async () => {
    const result = await h.call("run_site_command", { site_id: 1, command: "view_quicksave_changes", fields: { commit: "abc1234" } });
    expect(data(result)).toMatchObject({ status: "completed", finished: true });
    expect(data(result).output).toContain("view_quicksave_changes finished on acmeshop");
    expect(data(result).token).toBeUndefined();
    expect(sim.requests.filter((r) => r.path === "/sites/cli").at(-1)!.body).toMatchObject({ commit: "abc1234", post_id: 1 });
  });

  it("asks for confirmation before commands that delete or overwrite", async () => {
    const before = sim.requests.length;
    const result = await h.call("run_site_command", { site_id: 1, command: "remove" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("confirm: true");
    expect(sim.requests.length).toBe(before);
    const copy = await h.call("run_site_command", { site_id: 1, command: "production-to-staging", confirm: true, wait_seconds: 0 });
    expect(data(copy).token).toBeTruthy();
  });

  it("says backup_download cannot be followed", async () => {
    const result = await h.call("run_site_command", {
      site_id: 1,
      command: "backup_download",
      value: { backup_id: "abc", files: [], directories: [] },
    });
    expect(data(result).status).toBe("started");
    expect(text(result)).toContain("no job record");
  });

  it("runs a bulk tool on environments", async () => {
    control().next({ durationMs: 50 });
    const job = data(await h.call("run_bulk_tool", { tool: "launch", environments: [1, 3], params: { domain: "https://new.example.com/" }, wait_seconds: 5 }));
    expect(job.status).toBe("completed");
    expect(job.output).toContain("Launching acmeshop-production on new.example.com");
    expect(job.on).toBe("environments 1, 3");
    const missing = await h.call("run_bulk_tool", { tool: "launch", environments: [1] });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("params.domain");
    // The pairs run_code accepts are named for what they are, not "expected number, received object".
    const pairs = await h.call("run_bulk_tool", { tool: "backup", environments: [{ site_id: 1, environment: "production" }] });
    expect(pairs.isError).toBe(true);
    expect(text(pairs)).toContain("not a {site_id, environment} pair");
  });
});

describe("a non-admin", () => {
  it("cannot delete a site with remove (CaptainCore would run it), and nobody deletes 'just staging' that way", async () => {
    const client = await harness({ user: "client" });
    const site = sim.state.sites.find((s) => s.account_id === 1)!.site_id;
    const before = sim.requests.length;
    const staging = await client.call("run_site_command", { site_id: site, environment: "staging", command: "remove", confirm: true });
    expect(staging.isError).toBe(true);
    expect(text(staging)).toContain("no command deletes only one environment");
    expect(sim.requests.length).toBe(before);

    const refused = await client.call("run_site_command", { site_id: site, command: "remove", confirm: true });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("Only administrators delete sites");
    expect(text(refused)).toContain("update_site_details");
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /me"]);
    expect(sim.state.sites.some((s) => s.site_id === site)).toBe(true);
  });

  it("cannot see another user's job, run on foreign sites, or read CLI tasks", async () => {
    const admin = await harness({ user: "admin" });
    const client = await harness({ user: "client" });
    control().next({ durationMs: 5000 });
    const handle = data(await admin.call("run_code", { code: "wp plugin list", environments: [23], wait_seconds: 0 }));

    const viaTool = await client.call("get_job", { token: handle.token });
    expect(viaTool.isError).toBe(true);
    expect(text(viaTool)).toContain("not found");
    expect(text(viaTool)).toContain("another CaptainCore user");
    await expect(client.client.readResource({ uri: handle.uri })).rejects.toThrow(/not found/);
    const cancel = await client.call("cancel_job", { token: handle.token, confirm: true });
    expect(cancel.isError).toBe(true);
    expect(control().statusOf(control().jobs.get(handle.token)!)).toBe("started");

    const foreign = await client.call("run_code", { code: "wp plugin list", environments: [23] });
    expect(text(foreign)).toContain("No valid targets");
    const foreignSite = await client.call("run_site_command", { site_id: 12, command: "backup" });
    expect(foreignSite.isError).toBe(true);
    expect(text(foreignSite)).toContain("403");
    const bulk = await client.call("run_bulk_tool", { tool: "backup", environments: [23] });
    expect(text(bulk)).toContain("No valid targets");

    const task = control().jobs.get(handle.token)!.task_id;
    expect((await client.call("get_cli_job", { job_id: String(task) })).isError).toBe(true);
    const asAdmin = data(await admin.call("get_cli_job", { job_id: String(task) }));
    expect(asAdmin).toMatchObject({ job_id: task, status: "started" });
    expect(data(await admin.call("get_cli_job", { job_id: "424242" })).status).toBe("unknown");
  });

  it("has no write tools in read-only mode, but can follow jobs", async () => {
    const h = await harness({ readOnly: true });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["get_job", "wait_for_job"]));
    for (const write of ["run_code", "run_site_command", "run_bulk_tool", "cancel_job"]) expect(names).not.toContain(write);
  });
});

describe("cancel_job", () => {
  it("cancels a running job and leaves a finished one alone", async () => {
    const h = await harness();
    control().next({ durationMs: 5000 }, { durationMs: 10 });
    const running = data(await h.call("run_code", { code: "wp plugin list", environments: [1], wait_seconds: 0 }));
    const refused = await h.call("cancel_job", { token: running.token });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("confirm");
    const cancelled = await h.call("cancel_job", { token: running.token, confirm: true });
    expect(data(cancelled)).toMatchObject({ status: "cancelled", cancel_requested: true, finished: true });
    expect(sim.count("DELETE", `/my-jobs/${running.token}`)).toBe(1);
    expect(data(await h.call("get_job", { token: running.token })).status).toBe("cancelled");

    const quick = data(await h.call("run_code", { code: "wp core version", environments: [1], wait_seconds: 5 }));
    expect(quick.status).toBe("completed");
    const noop = await h.call("cancel_job", { token: quick.token, confirm: true });
    expect(text(noop)).toContain("Nothing to cancel");
    expect(sim.count("DELETE", `/my-jobs/${quick.token}`)).toBe(0);
  });
});

describe("job resources", () => {
  it("lists this server's jobs newest first, with a template and completions", async () => {
    const h = await harness({ user: "sitesOnly" });
    control().next({ durationMs: 10 }, { durationMs: 10 });
    const a = data(await h.call("run_code", { code: "wp core version", environments: [11], wait_seconds: 0 }));
    const b = data(await h.call("run_bulk_tool", { tool: "scan-errors", environments: [11, 12], wait_seconds: 0 }));
    const { resources } = await h.client.listResources();
    const jobs = resources.filter((r) => r.uri.startsWith("captaincore://jobs/"));
    expect(jobs.map((r) => r.uri)).toEqual([b.uri, a.uri]);
    expect(jobs[0]!.title).toBe("run_bulk_tool: scan-errors");
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("captaincore://jobs/{token}");
    const completion = await h.client.complete({
      ref: { type: "ref/resource", uri: "captaincore://jobs/{token}" },
      argument: { name: "token", value: a.token.slice(0, 6) },
    });
    expect(completion.completion.values).toContain(a.token);
    // Another user of the same process does not see them.
    const other = await harness({ user: "client" });
    const theirs = (await other.client.listResources()).resources.filter((r) => r.uri.startsWith("captaincore://jobs/"));
    expect(theirs.map((r) => r.uri)).not.toContain(a.uri);
  });

  it("survives a restart: a new server instance re-reads the same token", async () => {
    const first = await harness();
    control().next({ durationMs: 400, output: "done after restart\n" });
    const handle = data(await first.call("run_code", { code: "wp eval 'sleep(1);'", environments: [1], wait_seconds: 0 }));
    await first.close();
    forgetAllJobs(first.server.context); // a new process remembers nothing (and a new server has its own registry)

    const second = await harness();
    const listed = (await second.client.listResources()).resources.map((r) => r.uri);
    expect(listed).not.toContain(handle.uri);
    const job = await until("completed after restart", async () => {
      const j = await readJob(second, handle.uri);
      return j.status === "completed" ? j : undefined;
    });
    expect(job.output).toBe("done after restart\n");
    expect(job.ran).toBeUndefined();
    expect(data(await second.call("get_job", { token: handle.token })).output).toBe("done after restart\n");
  });

  it("rejects malformed and unknown job URIs clearly", async () => {
    const h = await harness();
    await expect(h.client.readResource({ uri: "captaincore://jobs/not-a-token!" })).rejects.toThrow(/Not a job token/);
    await expect(h.client.readResource({ uri: "captaincore://jobs/Unknown123" })).rejects.toThrow(/Job Unknown123 not found/);
    const viaTool = await h.call("get_job", { token: "Unknown123" });
    expect(viaTool.isError).toBe(true);
    expect(text(viaTool)).toContain("not found");
  });
});

describe("subscriptions", () => {
  it("sends resources/updated on status changes and stops at the final status", async () => {
    const h = await harness();
    const updates: string[] = [];
    h.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
    });
    control().next({ queuedMs: 200, durationMs: 400, output: "subscribed\n" });
    const handle = data(await h.call("run_code", { code: "wp core version", environments: [1], wait_seconds: 0 }));
    await h.client.subscribeResource({ uri: handle.uri });
    expect(pollerStats(h.server.context).watched).toBeGreaterThanOrEqual(1);
    await until("two updates (started, completed)", () => updates.filter((u) => u === handle.uri).length >= 2 || undefined);
    expect((await readJob(h, handle.uri)).status).toBe("completed");
    await until("poller stopped", () => pollerStats(h.server.context).watched === 0 || undefined);
    const count = updates.length;
    await sleep(200);
    expect(updates.length).toBe(count);
    await h.client.unsubscribeResource({ uri: handle.uri });
  });

  it("stops polling on unsubscribe and when the session closes", async () => {
    const h = await harness();
    control().next({ durationMs: 10_000 }, { durationMs: 10_000 });
    const a = data(await h.call("run_code", { code: "wp plugin list", environments: [1], wait_seconds: 0 }));
    const b = data(await h.call("run_code", { code: "wp theme list", environments: [1], wait_seconds: 0 }));
    await h.client.subscribeResource({ uri: a.uri });
    await h.client.subscribeResource({ uri: b.uri });
    expect(pollerStats(h.server.context).watched).toBe(2);
    await h.client.unsubscribeResource({ uri: a.uri });
    expect(pollerStats(h.server.context).watched).toBe(1);
    await sleep(200);
    const polls = sim.count("GET", `/my-jobs/${a.token}`);
    await sleep(300);
    expect(sim.count("GET", `/my-jobs/${a.token}`)).toBe(polls);
    await h.close();
    expect(pollerStats(h.server.context).watched).toBe(0);
  });

  it("follows many jobs at once with a bounded number of polls in flight", async () => {
    {
      const h = await harness({ jobTiming: { ...JOB_TIMING, maxConcurrentPolls: 3 } });
      const done = new Set<string>();
      h.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        done.add(n.params.uri);
      });
      control().pollDelayMs = 30;
      control().maxInFlight = 0;
      resetPollerStats(h.server.context);
      const uris: string[] = [];
      for (let i = 0; i < 12; i++) {
        control().next({ durationMs: 100 + i * 10, output: `job ${i}\n` });
        const handle = data(await h.call("run_code", { code: `wp eval 'echo ${i};'`, environments: [1], wait_seconds: 0 }));
        uris.push(handle.uri);
      }
      await Promise.all(uris.map((uri) => h.client.subscribeResource({ uri })));
      expect(pollerStats(h.server.context).watched).toBe(12);
      await until("every job notified", () => uris.every((u) => done.has(u)) || undefined, 8000);
      await until("all pollers stopped", () => pollerStats(h.server.context).watched === 0 || undefined);
      expect(pollerStats(h.server.context).maxInFlight).toBeLessThanOrEqual(3);
      expect(control().maxInFlight).toBeLessThanOrEqual(3);
      expect(control().maxInFlight).toBeGreaterThanOrEqual(2);
      for (const uri of uris) expect((await readJob(h, uri)).status).toBe("completed");
    }
  });
});
