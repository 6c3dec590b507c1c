/**
 * Load (issue 9 §5): 200 concurrent tool calls of mixed kinds against a simulator with latency — all answered,
 * each result matched to its call, no write duplicated, memory bounded; then 50 subscribed jobs polling at once —
 * polls in flight bounded, every job's updates delivered, every poller stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceUpdatedNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { pollerStats, resetPollerStats } from "../src/jobs/poller.js";
import { setJobTiming, timing } from "../src/jobs/wait.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { recipesTable } from "../src/simulator/routes/scripts.js";
import { data, startHarness, text, type Harness } from "./harness.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

async function until(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

interface Planned {
  name: string;
  args: Record<string, unknown>;
  /** Checks that this answer is the answer to this call. */
  check: (result: CallToolResult) => void;
}

const CALLS = 200;

function plan(i: number, run: string): Planned {
  switch (i % 8) {
    case 0:
    case 1: {
      const site_id = (i % 12) + 1;
      return { name: "get_site", args: { site_id }, check: (r) => expect(data(r).site_id).toBe(site_id) };
    }
    case 2: {
      const site_id = ((i * 7) % 12) + 1;
      return {
        name: "list_site_environments",
        args: { site_id },
        check: (r) => {
          const envs = data(r).environments as { environment_id: number }[];
          expect(envs.map((e) => e.environment_id).sort((a, b) => a - b)).toEqual([site_id * 2 - 1, site_id * 2]);
        },
      };
    }
    case 3: {
      const offset = i % 12;
      return {
        name: "list_sites",
        args: { limit: 1, offset },
        check: (r) => {
          expect(data(r).sites).toHaveLength(1);
          expect(data(r).sites[0].site_id).toBe(offset + 1);
        },
      };
    }
    case 4: {
      const title = `Load ${run} #${i}`;
      return { name: "create_recipe", args: { title, content: `wp option get home # ${i}` }, check: (r) => expect(r.isError, text(r)).toBeFalsy() };
    }
    case 5:
      return { name: "get_me", args: {}, check: (r) => expect(data(r).roles).toEqual(["administrator"]) };
    case 6: {
      const site_id = 99_000 + i; // does not exist: the error must name this call's id
      return {
        name: "get_site",
        args: { site_id },
        check: (r) => {
          expect(r.isError).toBe(true);
          expect(text(r)).toContain(String(site_id));
        },
      };
    }
    default: {
      const query = i % 2 ? "dns records" : "quicksave rollback";
      return {
        name: "search_operations",
        args: { query, limit: 3 },
        check: (r) => expect(data(r).results.length).toBeGreaterThan(0),
      };
    }
  }
}

describe("load", () => {
  let sim: Simulator;
  let h: Harness;
  beforeAll(async () => {
    sim = await startSimulator({ latencyMs: 20 });
    h = await startHarness({ sim, toolsets: "all", timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await h.close();
    await sim.stop();
  });

  it(`answers ${CALLS} concurrent mixed calls, each with its own result, no write duplicated, memory bounded`, async () => {
    // Warm up (module caches, connection pool) so the memory delta measures the load, not the first call.
    await Promise.all(Array.from({ length: 20 }, (_, i) => plan(i, "warm")).map((p) => h.call(p.name, p.args)));
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);

    const planned = Array.from({ length: CALLS }, (_, i) => plan(i, "A"));
    const requestsBefore = sim.requests.length;
    sim.peakInFlight = 0;
    const postsBefore = sim.count("POST", "/recipes");
    const started = performance.now();
    const results = await Promise.all(planned.map((p) => h.call(p.name, p.args)));
    const elapsed = performance.now() - started;
    clearInterval(sampler);

    expect(results).toHaveLength(CALLS);
    planned.forEach((p, i) => p.check(results[i]!));

    // Every write reached the server exactly once.
    const titles = planned.filter((p) => p.name === "create_recipe").map((p) => p.args.title as string);
    const stored = recipesTable(sim.state).map((r) => r.title);
    for (const title of titles) expect(stored.filter((t) => t === title), title).toHaveLength(1);
    expect(sim.count("POST", "/recipes") - postsBefore).toBe(titles.length);

    // Concurrency happened: the simulator answered many requests at once (a count, not a timing).
    const sent = sim.requests.length - requestsBefore;
    expect(sent).toBeGreaterThanOrEqual(CALLS - CALLS / 8); // search_operations answers locally
    expect(sim.peakInFlight).toBeGreaterThan(10);

    const rssDelta = (peak - rssBefore) / MB;
    const heapDelta = (process.memoryUsage().heapUsed - heapBefore) / MB;
    console.log(
      `load: ${CALLS} concurrent calls (${sent} requests at 20 ms latency) in ${Math.round(elapsed)} ms; ` +
        `peak RSS +${rssDelta.toFixed(1)} MB, heap +${heapDelta.toFixed(1)} MB`,
    );
    expect(rssDelta).toBeLessThan(256);

    // A second wave does not keep growing memory (nothing retained per call).
    const rssMid = process.memoryUsage().rss;
    const again = await Promise.all(Array.from({ length: CALLS }, (_, i) => plan(i, "B")).map((p) => h.call(p.name, p.args)));
    expect(again.filter((r) => r.isError).length).toBe(CALLS / 8);
    expect((process.memoryUsage().rss - rssMid) / MB).toBeLessThan(128);
    await expect(h.client.ping()).resolves.toBeDefined();
  }, 60_000);
});

describe("50 subscribed jobs polling at once", () => {
  it("keeps polls in flight under the cap, delivers every job's updates, and stops every poller", async () => {
    const restore = setJobTiming({ pollerFirstMs: 40, pollerMaxMs: 150, firstPollMs: 40, maxPollMs: 150, queuedGraceMs: 500 });
    const sim = await startSimulator();
    const h = await startHarness({ sim, toolsets: "jobs" });
    try {
      const control = jobsControl(sim.state);
      const updates = new Map<string, number>();
      h.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        updates.set(n.params.uri, (updates.get(n.params.uri) ?? 0) + 1);
      });
      control.pollDelayMs = 15;
      control.maxInFlight = 0;
      resetPollerStats(h.server.context);

      const JOBS = 50;
      for (let i = 0; i < JOBS; i++) control.next({ durationMs: 200 + i * 15, output: `job ${i} done\n` });
      const handles: { uri: string; token: string }[] = [];
      for (let i = 0; i < JOBS; i++) {
        handles.push(data(await h.call("run_code", { code: `wp eval 'echo ${i};'`, environments: [1], wait_seconds: 0 })) as { uri: string; token: string });
      }
      expect(new Set(handles.map((j) => j.token)).size).toBe(JOBS);
      await Promise.all(handles.map((j) => h.client.subscribeResource({ uri: j.uri })));
      expect(pollerStats(h.server.context).watched).toBe(JOBS);

      await until("an update for every job", () => handles.every((j) => (updates.get(j.uri) ?? 0) >= 1), 20_000);
      await until("every poller stopped", () => pollerStats(h.server.context).watched === 0, 20_000);

      const stats = pollerStats(h.server.context);
      console.log(
        `jobs: ${JOBS} subscribed jobs, ${stats.polls} polls, ${stats.notifications} notifications, ` +
          `max ${stats.maxInFlight} polls in flight (cap ${timing.maxConcurrentPolls})`,
      );
      expect(stats.maxInFlight).toBeLessThanOrEqual(timing.maxConcurrentPolls);
      expect(control.maxInFlight).toBeLessThanOrEqual(timing.maxConcurrentPolls);
      expect(control.maxInFlight).toBeGreaterThanOrEqual(2);
      expect(stats.notifications).toBeGreaterThanOrEqual(JOBS);
      // Every notification the pollers sent reached the client (one session: one per status change).
      await sleep(100);
      expect([...updates.values()].reduce((a, b) => a + b, 0)).toBe(stats.notifications);
      for (const [i, j] of handles.entries()) {
        const res = await h.client.readResource({ uri: j.uri });
        const job = JSON.parse((res.contents[0] as { text: string }).text);
        expect(job.status, j.uri).toBe("completed");
        expect(job.output).toBe(`job ${i} done\n`);
      }
      // Nothing polls after the end.
      const polls = sim.count("GET", /^\/my-jobs\//);
      await sleep(300);
      expect(sim.count("GET", /^\/my-jobs\//)).toBe(polls);
    } finally {
      await h.close();
      await sim.stop();
      restore();
    }
  }, 60_000);
});
