import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quicksaveHistory, rollbacks, type SimQuicksave } from "../src/simulator/routes/quicksaves.js";
import { findEnvironment, SEED_USERS } from "../src/simulator/state.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { data, errorOf, startHarness, text, useHarness, type Any, type Harness } from "./harness.js";

describe("quicksaves toolset, as an administrator", () => {
  let h: Harness;
  let history: SimQuicksave[];
  let latest: SimQuicksave;
  beforeAll(async () => {
    h = await startHarness({ user: "admin", toolsets: "quicksaves,jobs" });
    history = quicksaveHistory(h.sim.state, findEnvironment(h.sim.state, 1, "production")!);
    latest = history[history.length - 1]!;
  });
  afterAll(() => h.close());

  const last = () => h.sim.requests[h.sim.requests.length - 1]!;

  it("lists quicksaves newest first, environment sent lower-case, with paging", async () => {
    const page = data(await h.call("list_quicksaves", { site_id: 1, environment: "Production", limit: 2 }));
    expect(last().query).toMatchObject({ site_id: "1", environment: "production" });
    expect(page.total).toBe(history.length);
    expect(page.next_offset).toBe(2);
    expect(page.quicksaves.map((q: Any) => q.hash)).toEqual([history.at(-1)!.hash, history.at(-2)!.hash]);
    expect(page.quicksaves[0]).toMatchObject({ core: latest.core, plugin_count: latest.plugins.length, theme_count: latest.themes.length });
    expect(page.quicksaves[0].created_at).toBe(new Date(latest.created_at * 1000).toISOString().replace(".000Z", "Z"));
    expect(page.quicksaves[0].loading).toBeUndefined();
    const oldest = data(await h.call("list_quicksaves", { site_id: 1, environment: "production", offset: history.length - 1 }));
    expect(oldest.quicksaves.map((q: Any) => q.hash)).toEqual([history[0]!.hash]);
    expect(oldest.next_offset).toBeUndefined();
  });

  it("never lets an unnamed or 'both' environment go out", async () => {
    const before = h.sim.requests.length;
    for (const args of [{ site_id: 1 }, { site_id: 1, environment: "both" }, { site_id: 1, environment: "BOTH" }, { site_id: 1, environment: "prod uction" }]) {
      const result = await h.call("list_quicksaves", args);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("environment");
      expect(text(result)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("shows which plugins changed in a quicksave, from → to, and what was added or removed", async () => {
    const index = history.findIndex((q, i) => i > 0 && q.plugins.some((c) => history[i - 1]!.plugins.some((p) => p.name === c.name && p.version !== c.version)));
    const q = history[index]!;
    const prev = history[index - 1]!;
    const out = data(await h.call("get_quicksave", { site_id: 1, environment: "production", hash: q.hash }));
    const expected = q.plugins
      .filter((c) => prev.plugins.some((p) => p.name === c.name && p.version !== c.version))
      .map((c) => ({ name: c.name, from: prev.plugins.find((p) => p.name === c.name)!.version, to: c.version }));
    expect(out.plugins.changed).toEqual(expect.arrayContaining(expected));
    const removed = prev.plugins.filter((p) => !q.plugins.some((c) => c.name === p.name)).map((p) => p.name);
    expect((out.plugins.removed ?? []).map((r: Any) => r.name)).toEqual(removed);
    const added = q.plugins.filter((c) => !prev.plugins.some((p) => p.name === c.name)).map((c) => c.name);
    expect((out.plugins.added ?? []).map((r: Any) => r.name)).toEqual(added);
    expect(out.files).toMatch(/^\d+ files changed, \d+ insertions\(\+\), \d+ deletions\(-\)$/);
    expect(out.all_plugins).toBeUndefined();
    const full = data(await h.call("get_quicksave", { site_id: 1, environment: "production", hash: q.hash, all: true }));
    expect(full.all_plugins.map((c: Any) => c.name)).toEqual(q.plugins.map((c) => c.name));
  });

  it("says a quicksave does not exist instead of returning an empty object", async () => {
    const result = await h.call("get_quicksave", { site_id: 1, environment: "production", hash: "deadbeef00" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("list_quicksaves");
    expect(errorOf(result).code).toBe("not_found");
  });

  it("lists changed files with counts per folder, paged and filterable", async () => {
    const files = latest.files;
    const first = data(await h.call("get_quicksave_changes", { site_id: 1, environment: "production", hash: latest.hash, limit: 3 }));
    expect(first.total).toBe(files.length);
    expect(first.files).toEqual(files.slice(0, 3).map((f) => `${f.code} ${f.path}`));
    expect(first.next_offset).toBe(3);
    const counts: Record<string, number> = {};
    for (const f of files) counts[f.code] = (counts[f.code] ?? 0) + 1;
    expect(first.counts).toEqual(counts);
    const folder = files[0]!.path.split("/").slice(0, 2).join("/");
    expect(first.by_folder[folder]).toBe(files.filter((f) => f.path.startsWith(`${folder}/`)).length);
    const narrowed = data(await h.call("get_quicksave_changes", { site_id: 1, environment: "production", hash: latest.hash, match: "readme.txt" }));
    expect(last().query.match).toBe("readme.txt");
    expect(narrowed.files.every((f: string) => f.endsWith("readme.txt"))).toBe(true);
    expect(narrowed.total).toBe(files.filter((f) => f.path.includes("readme.txt")).length);
    const bad = await h.call("get_quicksave_changes", { site_id: 1, environment: "production", hash: latest.hash, match: "x; rm -rf /" });
    expect(bad.isError).toBe(true);
  });

  it("pages a large file diff by lines, unescaped, and says how to get more", async () => {
    const big = latest.files.find((f) => f.path.endsWith(".php") && f.code === "M")!;
    const lines = big.diff.split("\n");
    expect(lines.length).toBeGreaterThan(400);
    const first = data(await h.call("get_quicksave_file_diff", { site_id: 1, environment: "production", hash: latest.hash, file: big.path }));
    expect(last().query).toMatchObject({ file: big.path, environment: "production" });
    expect(first.total_lines).toBe(lines.length);
    expect(first.next_offset).toBe(200);
    expect(first.diff.split("\n")).toEqual(lines.slice(0, 200));
    expect(first.diff).toContain("<?php");
    expect(first.diff).not.toContain("&lt;");
    expect(first.lines_added).toBe(lines.filter((l) => l.startsWith("+") && !l.startsWith("+++")).length);
    const second = data(await h.call("get_quicksave_file_diff", { site_id: 1, environment: "production", hash: latest.hash, file: big.path, offset: 400, limit: 1000 }));
    expect(second.diff.split("\n")).toEqual(lines.slice(400));
    expect(second.next_offset).toBeUndefined();
  });

  it("caps minified one-line changes", async () => {
    const min = latest.files.find((f) => f.path.endsWith(".min.js"))!;
    const out = data(await h.call("get_quicksave_file_diff", { site_id: 1, environment: "production", hash: latest.hash, file: min.path }));
    expect(out.long_lines_cut).toBe(2);
    expect(out.diff).toMatch(/…\[\d+ more characters\]/);
    expect(out.diff.length).toBeLessThan(1500);
  });

  it("refuses unsafe paths before sending and explains an unknown file", async () => {
    const before = h.sim.requests.length;
    for (const file of ["../wp-config.php", "/etc/passwd", "plugins/a b.php", "plugins/x;ls"]) {
      const result = await h.call("get_quicksave_file_diff", { site_id: 1, environment: "production", hash: latest.hash, file });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
    const missing = await h.call("get_quicksave_file_diff", { site_id: 1, environment: "production", hash: latest.hash, file: "plugins/nope/nope.php" });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("get_quicksave_changes");
  });

  it("shows the history of one plugin: only the quicksaves where it changed, newest first", async () => {
    const slug = latest.files.find((f) => f.code === "M" && f.path.endsWith(".php"))!.path.split("/")[1]!;
    const out = data(await h.call("search_quicksaves", { site_id: 1, environment: "Production", slug }));
    expect(last().query).toMatchObject({ environment: "production", search: `plugin:name:${slug}` });
    expect(out.quicksaves_scanned).toBe(history.length);
    const expected: Any[] = [];
    let prev = "absent";
    for (const q of history) {
      const c = q.plugins.find((p) => p.name === slug);
      const state = c ? `${c.version}|${c.status}` : "absent";
      if (state !== prev) expected.push(c ? { hash: q.hash, version: c.version, status: c.status } : { hash: q.hash, removed: true });
      prev = state;
    }
    expect(out.changes_newest_first.map((r: Any) => ({ hash: r.hash, version: r.version, status: r.status, removed: r.removed }))).toEqual(
      expected.reverse().map((r) => ({ hash: r.hash, version: r.version, status: r.status, removed: r.removed })),
    );
    expect(out.changes_newest_first.length).toBeGreaterThan(1);
  });

  describe("rollback_quicksave", () => {
    const hashOf = () => latest.hash;
    const bumped = () => latest.files.find((f) => f.code === "M" && f.path.endsWith(".php"))!.path.split("/")[1]!;

    it("needs confirm: true and sends nothing without it", async () => {
      const before = h.sim.requests.length;
      const result = await h.call("rollback_quicksave", { site_id: 1, environment: "production", hash: hashOf(), type: "all", version: "previous" });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("confirm");
      expect(h.sim.requests.length).toBe(before);
    });

    it("needs the slug for a plugin rollback and refuses one that is not in the quicksave", async () => {
      const before = h.sim.requests.length;
      const noValue = await h.call("rollback_quicksave", { site_id: 1, environment: "production", hash: hashOf(), type: "plugin", version: "previous", confirm: true });
      expect(noValue.isError).toBe(true);
      expect(text(noValue)).toContain("value");
      expect(h.sim.requests.length).toBe(before);
      const unknown = await h.call("rollback_quicksave", { site_id: 1, environment: "production", hash: hashOf(), type: "plugin", value: "not-installed", version: "previous", confirm: true });
      expect(unknown.isError).toBe(true);
      expect(text(unknown)).toContain("Nothing was rolled back");
      expect(text(unknown)).toContain(bumped());
      expect(h.sim.count("POST", /\/rollback$/)).toBe(0);
    });

    it("refuses an unknown quicksave without queueing anything", async () => {
      const result = await h.call("rollback_quicksave", { site_id: 1, environment: "production", hash: "abcdef123456", type: "all", version: "previous", confirm: true });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("list_quicksaves");
      expect(h.sim.count("POST", /\/rollback$/)).toBe(0);
    });

    it("rolls one plugin back through /sites/cli (which runs, unlike the queued route) and the version changes", async () => {
      jobsControl(h.sim.state).defaults.durationMs = 100;
      const slug = bumped();
      const history = quicksaveHistory(h.sim.state, findEnvironment(h.sim.state, 1, "production")!);
      const index = history.findIndex((q) => q.hash === hashOf());
      const expected = history[index - 1]!.plugins.find((p) => p.name === slug)!.version;
      const result = await h.call("rollback_quicksave", { site_id: 1, environment: "Production", hash: hashOf(), type: "plugin", value: slug, version: "previous", confirm: true });
      const out = data(result);
      expect(out).toMatchObject({ status: "completed", finished: true });
      const sent = h.sim.requests.filter((r) => r.method === "POST" && r.path === "/sites/cli").at(-1)!;
      expect(sent.body).toEqual({ post_id: 1, command: "rollback", environment: "Production", commit: hashOf(), version: "previous", addon_type: "plugin", value: slug, async: true });
      expect(h.sim.count("POST", /\/rollback$/)).toBe(0);
      expect(findEnvironment(h.sim.state, 1, "production")!.plugins.find((p) => p.name === slug)!.version).toBe(expected);
    });

    it("rolls a whole quicksave back without a value", async () => {
      jobsControl(h.sim.state).defaults.durationMs = 100;
      const hash = quicksaveHistory(h.sim.state, findEnvironment(h.sim.state, 1, "staging")!)[0]!.hash;
      const out = data(await h.call("rollback_quicksave", { site_id: 1, environment: "staging", hash, type: "all", version: "this", confirm: true }));
      expect(out.status).toBe("completed");
      const sent = h.sim.requests.filter((r) => r.method === "POST" && r.path === "/sites/cli").at(-1)!;
      expect(sent.body).toMatchObject({ post_id: 1, command: "quicksave_rollback", environment: "Staging", commit: hash, version: "this" });
    });

    it("names a queued Run::task token as one that cannot start, once, without sending to wait_for_job", async () => {
      const answer = await fetch(`${h.sim.url}/quicksaves/${hashOf()}/rollback`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${SEED_USERS.admin.username}:${SEED_USERS.admin.password}`).toString("base64")}`, "content-type": "application/json" },
        body: JSON.stringify({ site_id: 1, environment: "production", type: "all", version: "previous" }),
      });
      const resolved = String(await answer.json());
      expect(rollbacks(h.sim.state).at(-1)!.token).toBe(resolved);
      for (const tool of ["get_job", "wait_for_job"]) {
        const result = await h.call(tool, { token: resolved });
        expect(data(result)).toMatchObject({ status: "queued", finished: false, starts_from_api: false });
        expect(text(result)).toContain("web app");
        expect(text(result)).not.toContain("wait_for_job");
        expect(result.content.some((c) => c.type === "resource_link")).toBe(false);
      }
      const read = await h.client.readResource({ uri: `captaincore://jobs/${resolved}` });
      expect((read.contents[0] as { text: string }).text).toContain("only the CaptainCore web app starts");
    });
  });
});

describe("quicksaves toolset, scoped to a non-admin", () => {
  const h = useHarness({ user: "client", toolsets: "quicksaves" });

  it("lists quicksaves of its own site", async () => {
    const page = data(await h.call("list_quicksaves", { site_id: 2, environment: "staging" }));
    expect(page.total).toBe(3);
  });

  it("is refused another account's site with an actionable error, and cannot roll it back", async () => {
    const result = await h.call("list_quicksaves", { site_id: 6, environment: "production" });
    expect(result.isError).toBe(true);
    expect(errorOf(result)).toMatchObject({ code: "forbidden", status: 403, server_code: "token_invalid" });
    expect(text(result)).toContain("list_sites");
    const rollback = await h.call("rollback_quicksave", { site_id: 6, environment: "production", hash: "abcdef123456", type: "all", version: "previous", confirm: true });
    expect(rollback.isError).toBe(true);
    expect(errorOf(rollback).code).toBe("forbidden");
    expect(rollbacks(h.sim.state)).toHaveLength(0);
  });
});

describe("quicksaves in read-only mode", () => {
  it("hides rollback_quicksave and keeps the reads", async () => {
    const h = await startHarness({ user: "admin", toolsets: "quicksaves", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("list_quicksaves");
      expect(names).not.toContain("rollback_quicksave");
    } finally {
      await h.close();
    }
  });
});
