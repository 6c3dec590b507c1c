import { describe, expect, it } from "vitest";
import { backupsOf, captureConfigs, cliLog, snapshotsTable } from "../src/simulator/routes/backups.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { data, errorCode, expectNoSecrets, startHarness, text, withUsers } from "./harness.js";

const { sim, client } = withUsers("backups,sites,jobs", { client: {} });

const lastRequest = (path: RegExp) => sim.requests.filter((r) => path.test(r.path)).at(-1)!;

describe("restic backups", () => {
  it("lists backups newest first, paged, without UI keys, sending the environment lower-case to /site/", async () => {
    const first = data(await client.call("list_backups", { site_id: 1, environment: "Production", limit: 20 }));
    expect(lastRequest(/backups$/).path).toBe("/site/1/production/backups");
    expect(first.total).toBe(45);
    expect(first.backups).toHaveLength(20);
    expect(first.next_offset).toBe(20);
    const env1 = sim.state.environments.find((e) => e.environment_id === 1)!;
    const newest = backupsOf(sim.state, env1)[0]!;
    expect(first.backups[0]).toEqual({ id: newest.id, short_id: newest.short_id, time: newest.time });
    const last = data(await client.call("list_backups", { site_id: 1, environment: "production", limit: 20, offset: 40 }));
    expect(last.backups).toHaveLength(5);
    expect(last.next_offset).toBeUndefined();
  });

  it("refuses another account's site", async () => {
    const r = await client.call("list_backups", { site_id: 6, environment: "production" });
    expect(r.isError).toBe(true);
    expect(errorCode(r)).toBe("forbidden");
    expect(text(r)).toContain("list_sites");
  });

  it("gets a backup's tree URL from the /sites/ route", async () => {
    const env = sim.state.environments.find((e) => e.environment_id === 3)!;
    const backup = backupsOf(sim.state, env)[1]!;
    const out = data(await client.call("get_backup", { site_id: 2, environment: "production", backup_id: backup.id }));
    expect(lastRequest(/\/backups\//).path).toBe(`/sites/2/production/backups/${backup.id}`);
    expect(out.tree_url).toMatch(new RegExp(`^https://storage\\.example\\.test/backups/acmeblog_2/production/${backup.short_id}/tree\\.json`));
    const unknown = data(await client.call("get_backup", { site_id: 2, environment: "production", backup_id: "ffffffff" }));
    expect(unknown.tree_url).toBeNull();
    expect(unknown.note).toContain("list_backups");
  });

  it("reads a text file from a backup with secrets redacted", async () => {
    const backup = backupsOf(sim.state, sim.state.environments[0]!)[0]!;
    const result = await client.call("get_backup", { site_id: 1, environment: "production", backup_id: backup.short_id, file: "wp-config.php" });
    const out = data(result);
    expect(lastRequest(/\/backups\//).query).toEqual({ file: "wp-config.php" });
    expect(out.content).toContain("define( 'DB_NAME', 'acmeshop' );");
    expect(out.content).toContain("define( 'DB_PASSWORD', '[redacted]' );");
    expect(out.content).toContain("define( 'AUTH_KEY', '[redacted]' );");
    expectNoSecrets(sim, result);
  });

  it("caps large files and summarises binary ones", async () => {
    const backup = backupsOf(sim.state, sim.state.environments[0]!)[0]!;
    const log = data(await client.call("get_backup", { site_id: 1, environment: "production", backup_id: backup.id, file: "wp-content/debug.log" }));
    expect(log.truncated).toBe(true);
    expect(log.content).toHaveLength(8000);
    expect(log.chars).toBeGreaterThan(30_000);
    const png = data(await client.call("get_backup", { site_id: 1, environment: "production", backup_id: backup.id, file: "/wp-content/uploads/logo.png" }));
    expect(png).toMatchObject({ file: "/wp-content/uploads/logo.png", bytes: 2012 });
    expect(png.content).toBeUndefined();
    expect(png.note).toMatch(/Binary/);
  });

  it("reports a missing file as an error, and a JSON-labelled stream with a note", async () => {
    const backup = backupsOf(sim.state, sim.state.environments[0]!)[0]!;
    const missing = await client.call("get_backup", { site_id: 1, environment: "production", backup_id: backup.id, file: "nope.txt" });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/not found in snapshot/);
    sim.inject({ path: "/backups/", raw: "<?php echo 'hi';", contentType: "application/json; charset=UTF-8" });
    const labelled = await client.call("get_backup", { site_id: 1, environment: "production", backup_id: backup.id, file: "index.php" });
    expect(labelled.isError).toBeFalsy();
    expect(text(labelled)).toContain("could not be read");
  });

  it("updates backup settings, keeping the fields left out, visible in get_site_details", async () => {
    const out = data(await client.call("set_backup_settings", { site_id: 2, active: false }));
    expect(out.backup_settings).toEqual({ mode: "direct", interval: "daily", active: false });
    expect(lastRequest(/\/backup$/).body).toEqual({ settings: { mode: "direct", interval: "daily", active: false } });
    const details = data(await client.call("get_site_details", { site_id: 2 }));
    expect(details.site.backup_settings).toEqual({ mode: "direct", interval: "daily", active: false });
    const weekly = data(await client.call("set_backup_settings", { site_id: 2, active: true, interval: "weekly", mode: "local" }));
    expect(weekly.backup_settings).toEqual({ mode: "local", interval: "weekly", active: true });
    expect(cliLog(sim.state)).toContain("site sync 2");
    const before = sim.requests.length;
    const empty = await client.call("set_backup_settings", { site_id: 2 });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toContain("at least one of active");
    expect(sim.requests.length).toBe(before);
    const denied = await client.call("set_backup_settings", { site_id: 7, active: false });
    expect(denied.isError).toBe(true);
    expect(sim.state.sites[6]!.backup_settings.active).toBe(true);
  });
});

describe("snapshots", () => {
  it("lists snapshots across environments, newest first, with no download token", async () => {
    snapshotsTable(sim.state).find((x) => x.site_id === 3)!.token = "0123456789abcdef0123456789abcdef";
    const result = await client.call("list_snapshots", { site_id: 3 });
    const out = data(result);
    expect(out.total).toBe(3);
    expect(out.snapshots.map((x: { environment: string }) => x.environment)).toEqual(["Production", "Staging", "Production"]);
    expect(out.snapshots[0]).toMatchObject({
      environment: "Production",
      snapshot_name: "acmecareers-production-2026-11-28",
      created_at: "2026-11-28T08:00:00.000Z",
      by: "Ada Admin",
      notes: "Before plugin updates",
    });
    expect(JSON.stringify(result)).not.toContain("0123456789abcdef0123456789abcdef");
    const page = data(await client.call("list_snapshots", { site_id: 3, limit: 1, offset: 1 }));
    expect(page.snapshots.map((x: { environment: string }) => x.environment)).toEqual(["Staging"]);
    expect(page.next_offset).toBe(2);
  });

  it("mints a link and turns the 302 into a signed URL", async () => {
    const snap = snapshotsTable(sim.state).find((x) => x.site_id === 1 && x.environment_id === 1)!;
    const link = data(await client.call("create_snapshot_link", { site_id: 1, snapshot_id: snap.snapshot_id }));
    expect(link.token).toMatch(/^[0-9a-f]{32}$/);
    expect(link.token).toBe(snap.token);
    expect(link.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const out = data(
      await client.call("get_snapshot_download_url", {
        site_id: 1,
        snapshot_id: snap.snapshot_id,
        token: link.token,
        snapshot_name: `${snap.snapshot_name}.zip`,
      }),
    );
    expect(lastRequest(/snapshots\/\d+-/).path).toBe(`/site/1/snapshots/${snap.snapshot_id}-${link.token}/${snap.snapshot_name}`);
    expect(out.url).toMatch(new RegExp(`^https://s3\\.example\\.test/captaincore-snapshots/acmeshop_1/${snap.snapshot_name}\\.zip\\?`));
  });

  it("refuses a wrong token and a snapshot of another site", async () => {
    const snap = snapshotsTable(sim.state).find((x) => x.site_id === 2)!;
    const wrong = await client.call("get_snapshot_download_url", { site_id: 2, snapshot_id: snap.snapshot_id, token: "deadbeef", snapshot_name: snap.snapshot_name });
    expect(wrong.isError).toBe(true);
    expect(errorCode(wrong)).toBe("forbidden");
    const other = await client.call("create_snapshot_link", { site_id: 1, snapshot_id: snap.snapshot_id });
    expect(other.isError).toBe(true);
    expect(errorCode(other)).toBe("not_found");
    const foreign = await client.call("create_snapshot_link", { site_id: 6, snapshot_id: snap.snapshot_id });
    expect(errorCode(foreign)).toBe("forbidden");
    expect(snapshotsTable(sim.state).find((x) => x.snapshot_id === snap.snapshot_id)!.token).toBeNull();
  });
});

describe("captures and data sync", () => {
  it("lists captures with page image URLs", async () => {
    const out = data(await client.call("list_captures", { site_id: 4, environment: "production" }));
    expect(lastRequest(/captures$/).path).toBe("/site/4/production/captures");
    expect(out.total).toBe(3);
    expect(out.captures[0].pages.map((p: { page: string }) => p.page)).toEqual(["/", "/about", "/contact"]);
    expect(out.captures[0].pages[0].image_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acmedocs_4\/production\/captures\/\d{4}-\d{2}-\d{2}-\d{4}_home\.jpg$/);
    expect(out.captures[0].created_at_friendly).toBeUndefined();
    const denied = await client.call("list_captures", { site_id: 10, environment: "production" });
    expect(errorCode(denied)).toBe("forbidden");
  });

  it("sets capture pages (auth never echoed) and a new capture uses them", async () => {
    const password = "capture-basic-auth-pass-77";
    const result = await client.call("set_capture_pages", {
      site_id: 4,
      environment: "Staging",
      pages: ["/", "shop", "/checkout"],
      auth: { username: "guest", password },
    });
    const out = data(result);
    expect(out.pages).toEqual(["/", "/shop", "/checkout"]);
    expect(lastRequest(/captures$/).body).toEqual({ pages: [{ page: "/" }, { page: "/shop" }, { page: "/checkout" }], auth: { username: "guest", password } });
    expect(captureConfigs(sim.state).get(8)!.pages).toEqual([{ page: "/" }, { page: "/shop" }, { page: "/checkout" }]);
    expectNoSecrets(sim, result);

    const started = data(await client.call("create_capture", { site_id: 4, environment: "Staging" }));
    expect(started).toMatchObject({ site_id: 4, environment: "staging", status: "started" });
    expect(lastRequest(/captures\/new$/).path).toBe("/sites/4/staging/captures/new");
    expect(cliLog(sim.state)).toContain("capture 4-staging");
    const list = data(await client.call("list_captures", { site_id: 4, environment: "staging" }));
    expect(list.total).toBe(2);
    expect(list.captures[0].pages.map((p: { page: string }) => p.page)).toEqual(["/", "/shop", "/checkout"]);
  });

  it("rejects an empty page list before sending", async () => {
    const r = await client.call("set_capture_pages", { site_id: 4, environment: "staging", pages: [] });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("pages");
  });

  it("syncs data through /sites/cli (the form that runs) and the site's data is fresh afterwards", async () => {
    jobsControl(sim.state).defaults.durationMs = 100;
    const site = sim.state.sites.find((s) => s.site_id === 5)!;
    site.updated_at = "2026-01-01 00:00:00";
    const out = data(await client.call("sync_site_data", { site_id: 5, environment: "Production" }));
    expect(out.status).toBe("completed");
    expect(lastRequest(/^\/sites\/cli$/).body).toMatchObject({ post_id: 5, command: "sync-data", environment: "Production", async: true });
    expect(site.updated_at).not.toBe("2026-01-01 00:00:00");
    const denied = await client.call("sync_site_data", { site_id: 6, environment: "production" });
    expect(errorCode(denied)).toBe("forbidden");
  });

  it("lets read-only mode keep the reads and drop the state-changing GETs", async () => {
    const ro = await startHarness({ sim, user: "admin", toolsets: "backups", readOnly: true });
    try {
      const names = (await ro.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["list_backups", "get_backup", "list_snapshots", "get_snapshot_download_url", "list_captures"]));
      for (const write of ["create_capture", "sync_site_data", "create_snapshot_link", "set_capture_pages", "set_backup_settings"]) {
        expect(names).not.toContain(write);
      }
    } finally {
      await ro.close();
    }
  });
});
