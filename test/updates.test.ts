import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLogs, updateLogs, updatesTables } from "../src/simulator/routes/updates.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, errorOf, startHarness, text, type Any, type Harness } from "./harness.js";

let sim: Simulator;
let admin: Harness;
let client: Harness;
beforeAll(async () => {
  sim = await startSimulator();
  admin = await startHarness({ sim, user: "admin", toolsets: "updates" });
  client = await startHarness({ sim, user: "client", toolsets: "updates" });
});
afterAll(async () => {
  await admin.close();
  await client.close();
  await sim.stop();
});

const last = () => sim.requests[sim.requests.length - 1]!;

describe("update logs", () => {
  it("lists update runs newest first with each plugin's from → to", async () => {
    const logs = updateLogs(sim.state, 1, "production");
    expect(logs.length).toBeGreaterThan(2);
    const out = data(await admin.call("list_update_logs", { site_id: 1, environment: "Production", limit: 3 }));
    expect(out.total).toBe(logs.length);
    expect(out.update_logs).toHaveLength(3);
    expect(out.next_offset).toBe(3);
    const row = out.update_logs[0];
    const { before, after } = logs[0]!;
    expect(row).toMatchObject({ hash_before: before.hash, hash_after: after.hash });
    expect(row.created_at).toBe(new Date(after.created_at * 1000).toISOString().replace(".000Z", "Z"));
    const bumped = after.plugins
      .filter((c) => before.plugins.some((p) => p.name === c.name && p.version !== c.version))
      .map((c) => ({ name: c.name, from: before.plugins.find((p) => p.name === c.name)!.version, to: c.version }));
    expect(row.plugins.changed).toEqual(expect.arrayContaining(bumped));
    expect(row.plugins_changed).toBeGreaterThanOrEqual(bumped.length);
    expect(row.view_quicksave).toBeUndefined();
    // One list call plus one detail call per row, every one of them with the lower-cased environment.
    const calls = sim.requests.slice(-4);
    expect(calls.map((r) => r.query.environment)).toEqual(["production", "production", "production", "production"]);
  });

  it("gives counts only with changes=false, in one request", async () => {
    const before = sim.requests.length;
    const out = data(await admin.call("list_update_logs", { site_id: 1, environment: "production", changes: false }));
    expect(sim.requests.length - before).toBe(1);
    expect(out.update_logs[0].plugins).toBeUndefined();
    expect(typeof out.update_logs[0].plugins_changed).toBe("number");
  });

  it("gets one update run", async () => {
    const { before, after } = updateLogs(sim.state, 1, "production")[1]!;
    const out = data(await admin.call("get_update_log", { site_id: 1, environment: "production", hash_before: before.hash, hash_after: after.hash }));
    expect(last().path).toBe(`/update-logs/${before.hash}_${after.hash}`);
    expect(out.plugin_count).toBe(after.plugins.length);
    const names = [...(out.plugins.changed ?? []), ...(out.plugins.added ?? [])].map((c: Any) => c.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(after.plugins.some((c) => c.name === name)).toBe(true);
    const full = data(await admin.call("get_update_log", { site_id: 1, environment: "production", hash_before: before.hash, hash_after: after.hash, all: true }));
    expect(full.all_plugins).toHaveLength(after.plugins.length);
  });

  it("says an update log does not exist (the server answers null)", async () => {
    const result = await admin.call("get_update_log", { site_id: 1, environment: "production", hash_before: "aaaaaa1", hash_after: "bbbbbb2" });
    expect(result.isError).toBe(true);
    expect(errorOf(result).code).toBe("not_found");
    expect(text(result)).toContain("list_update_logs");
  });

  it("refuses a foreign site and a missing environment", async () => {
    const foreign = await client.call("list_update_logs", { site_id: 7, environment: "production" });
    expect(foreign.isError).toBe(true);
    expect(errorOf(foreign)).toMatchObject({ code: "forbidden", server_code: "token_invalid" });
    const before = sim.requests.length;
    const noEnv = await client.call("list_update_logs", { site_id: 1 });
    expect(noEnv.isError).toBe(true);
    expect(sim.requests.length).toBe(before);
  });
});

describe("activity log (server-paginated)", () => {
  it("pages with page/per_page and reports next_page", async () => {
    const total = activityLogs(sim.state).length;
    const first = data(await admin.call("list_activity_logs", { per_page: 10 }));
    expect(last().query).toMatchObject({ page: "1", per_page: "10" });
    expect(first).toMatchObject({ total, page: 1, pages: Math.ceil(total / 10), next_page: 2 });
    expect(first.activity).toHaveLength(10);
    expect(first.activity[0].avatar_url).toBeUndefined();
    expect(first.activity[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const lastPage = data(await admin.call("list_activity_logs", { per_page: 10, page: first.pages }));
    expect(lastPage.next_page).toBeUndefined();
    expect(lastPage.activity).toHaveLength(total - 10 * (first.pages - 1));
  });

  it("filters by action and date", async () => {
    const out = data(await admin.call("list_activity_logs", { action: "created", date_from: "2026-11-01", per_page: 100 }));
    const expected = activityLogs(sim.state).filter((a) => a.action === "created" && a.created_at >= "2026-11-01");
    expect(out.total).toBe(expected.length);
    expect(out.activity.every((a: Any) => a.action === "created")).toBe(true);
    const bad = await admin.call("list_activity_logs", { date_from: "yesterday" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("YYYY-MM-DD");
  });

  it("scopes a non-admin to their accounts and refuses another account", async () => {
    const out = data(await client.call("list_activity_logs", { per_page: 100 }));
    expect(out.total).toBe(activityLogs(sim.state).filter((a) => a.account_id === 1).length);
    expect(out.activity.every((a: Any) => a.account_id === 1)).toBe(true);
    const foreign = await client.call("list_activity_logs", { account_id: 2 });
    expect(foreign.isError).toBe(true);
    expect(errorOf(foreign).status).toBe(403);
  });
});

describe("process logs (timeline)", () => {
  it("lists every entry for an admin, newest first, filterable by site", async () => {
    const out = data(await admin.call("list_process_logs", { limit: 50 }));
    expect(out.total).toBe(updatesTables(sim.state).logs.length);
    const dates = out.process_logs.map((l: Any) => l.created_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    const site1 = data(await admin.call("list_process_logs", { site_id: 1 }));
    expect(site1.process_logs.every((l: Any) => l.sites.some((s: Any) => s.site_id === 1))).toBe(true);
    expect(site1.total).toBe(updatesTables(sim.state).logs.filter((l) => l.site_ids.includes(1)).length);
  });

  it("is admin-only as a list", async () => {
    const result = await client.call("list_process_logs", {});
    expect(result.isError).toBe(true);
    expect(errorOf(result)).toMatchObject({ status: 403, server_code: "rest_forbidden" });
  });

  it("gets one entry with its full description and files, with the real access rules", async () => {
    const out = data(await admin.call("get_process_log", { id: 84 }));
    expect(out).toMatchObject({ process_log_id: 84, process: "Launch checklist", author: "Ada Admin" });
    expect(out.files).toEqual([{ file_path: "wp-config.php", change: "M", site_id: 4, added: 2, removed: 1 }]);
    // Sites 6 and 7 belong to another account and the author is the admin.
    const refused = await client.call("get_process_log", { id: 82 });
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ status: 403, server_code: "permission_denied" });
    const unknown = await admin.call("get_process_log", { id: 9999 });
    expect(errorOf(unknown)).toMatchObject({ code: "not_found", status: 404 });
  });

  it("creates an entry as a client for its own site and reads it back", async () => {
    const out = data(await client.call("create_process_log", { process_id: 4, description: "Fixed the **contact form**.", site_ids: [1] }));
    expect(last().body).toEqual({ process_id: 4, description: "Fixed the **contact form**.", site_ids: [1] });
    expect(out.created).toMatchObject({ process: "Support request", author: "Clara Client", description: "Fixed the **contact form**." });
    const back = data(await client.call("get_process_log", { id: out.created.process_log_id }));
    expect(back.sites).toEqual([{ site_id: 1, name: "acme-shop.test" }]);
  });

  it("refuses a client without sites or with a foreign site", async () => {
    const count = updatesTables(sim.state).logs.length;
    const none = await client.call("create_process_log", { process_id: 4, description: "x" });
    expect(errorOf(none)).toMatchObject({ status: 403, server_code: "permission_denied" });
    const foreign = await client.call("create_process_log", { process_id: 4, description: "x", site_ids: [6] });
    expect(errorOf(foreign)).toMatchObject({ status: 403 });
    expect(updatesTables(sim.state).logs.length).toBe(count);
  });

  it("updates an entry through the body's process_log_id and websites[]", async () => {
    const out = data(await admin.call("update_process_log", { id: 80, process_id: 2, description: "Updated 13 plugins.", site_ids: [1, 2], public: false }));
    expect(last().body).toEqual({ process_log_id: 80, process_id: 2, description_raw: "Updated 13 plugins.", websites: [{ site_id: 1 }, { site_id: 2 }], public: 0 });
    expect(out.updated).toMatchObject({ process_log_id: 80, process: "Security review", description: "Updated 13 plugins.", public: false });
    const back = data(await admin.call("get_process_log", { id: 80 }));
    expect(back.sites.map((s: Any) => s.site_id)).toEqual([1, 2]);
  });

  it("refuses an edit by someone who is neither admin nor author", async () => {
    const result = await client.call("update_process_log", { id: 81, process_id: 2, description: "hijack", site_ids: [1] });
    expect(errorOf(result)).toMatchObject({ status: 403, server_code: "permission_denied" });
    expect(updatesTables(sim.state).logs.find((l) => l.process_log_id === 81)!.description_raw).not.toBe("hijack");
  });

  it("deletes an entry only with confirm: true", async () => {
    const before = sim.requests.length;
    const refused = await admin.call("delete_process_log", { id: 85 });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("confirm");
    expect(sim.requests.length).toBe(before);
    expect(data(await admin.call("delete_process_log", { id: 85, confirm: true }))).toEqual({ deleted: 85 });
    const gone = await admin.call("get_process_log", { id: 85 });
    expect(errorOf(gone).status).toBe(404);
  });
});

describe("processes and running tasks", () => {
  it("lists processes for admins, sorted by name with labels, and none for others", async () => {
    const out = data(await admin.call("list_processes"));
    expect(out.processes.map((p: Any) => p.name)).toEqual(["Launch checklist", "Monthly maintenance", "Security review", "Support request"]);
    expect(out.processes[1]).toMatchObject({ process_id: 1, repeat: "Monthly", roles: "Maintenance" });
    const none = data(await client.call("list_processes"));
    expect(none.total).toBe(0);
    expect(none.note).toContain("administrators");
  });

  it("gets a process as text and as stored", async () => {
    const out = data(await admin.call("get_process", { id: 1 }));
    expect(out.description).toBe("Update plugins and themes.\n\n- Check the site\n- Review the update log");
    const raw = data(await admin.call("get_process_raw", { id: 1 }));
    expect(raw).toMatchObject({ process_id: 1, repeat_interval: "monthly", roles: 2 });
    // The real plugin crashes on an unknown process id (recorded: 500 internal_server_error).
    const unknown = await admin.call("get_process", { id: 77 });
    expect(errorOf(unknown).status).toBe(500);
    const unknownRaw = await admin.call("get_process_raw", { id: 77 });
    expect(errorOf(unknownRaw).status).toBe(404);
    const client403 = await client.call("get_process", { id: 1 });
    expect(errorOf(client403).status).toBe(403);
  });

  it("updates a process with known columns only", async () => {
    const out = data(await admin.call("update_process", { id: 2, name: "Security review (quarterly)", description: "Review scans.", repeat_interval: "quarterly", roles: 2 }));
    expect(last().body).toEqual({ name: "Security review (quarterly)", description: "Review scans.", repeat_interval: "quarterly", roles: 2 });
    expect(out.warning).toBeUndefined();
    expect(out.updated.name).toBe("Security review (quarterly)");
    const raw = data(await admin.call("get_process_raw", { id: 2 }));
    expect(raw).toMatchObject({ name: "Security review (quarterly)", description: "Review scans." });
    const refused = await client.call("update_process", { id: 2, name: "x", description: "y" });
    expect(errorOf(refused).status).toBe(403);
  });

  it("lists running tasks for admins only", async () => {
    const out = data(await admin.call("list_running_tasks"));
    expect(out.total).toBe(2);
    expect(out.running[0]).toMatchObject({ process_id: 5133, status: "running" });
    expect(data(await client.call("list_running_tasks")).total).toBe(0);
  });
});
