import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { reportTables } from "../src/simulator/routes/reports.js";
import { htmlReportToText, PREVIEW_MAX_CHARS } from "../src/tools/reports.js";
import { data, startHarness, text, type Harness } from "./harness.js";

const errorCode = (r: { structuredContent?: unknown }) => (r.structuredContent as { error: { code: string; server_code?: string } }).error;

let sim: Simulator;
let admin: Harness;
let client: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  admin = await startHarness({ sim, user: "admin", toolsets: "reports" });
  client = await startHarness({ sim, user: "client", toolsets: "reports" });
});
afterAll(async () => {
  await admin.close();
  await client.close();
  await sim.stop();
});

describe("maintenance reports", () => {
  it("preview_report returns the report as readable text, not HTML", async () => {
    const out = data(await client.call("preview_report", { site_ids: [1, 2], start_date: "2026-10-01", end_date: "2026-10-31" }));
    expect(out.text).toContain("Website Maintenance Report");
    expect(out.text).toContain("2026-10-01 – 2026-10-31 · 2 sites");
    expect(out.text).toContain("## acme-shop.test");
    expect(out.text).toMatch(/Uptime \| 99\.98%/);
    expect(out.text).toContain("Reply to this email & we'll help.");
    expect(out.text).not.toMatch(/<[a-z]|window\.reportGenerated|font-family/);
    expect(out.html_chars).toBeGreaterThan(out.text.length);
    const post = sim.requests.filter((r) => r.path === "/report/preview").at(-1)!;
    expect(post.body).toEqual({ site_ids: [1, 2], start_date: "2026-10-01", end_date: "2026-10-31" });
  });

  it("preview_report caps long reports and says how to narrow", async () => {
    const out = data(await admin.call("preview_report", { site_ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }));
    expect(out.text.length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS + 1);
    expect(out.truncated).toContain("fewer sites");
  });

  it("preview_report refuses sites the user cannot see and bad dates", async () => {
    const foreign = await client.call("preview_report", { site_ids: [1, 6] });
    expect(foreign.isError).toBe(true);
    expect(errorCode(foreign)).toMatchObject({ code: "forbidden", server_code: "unauthorized_site" });
    const before = sim.count("POST", "/report/preview");
    const backwards = await client.call("preview_report", { site_ids: [1], start_date: "2026-11-01", end_date: "2026-10-01" });
    expect(text(backwards)).toContain("after end_date");
    const format = await client.call("preview_report", { site_ids: [1], start_date: "11/01/2026" });
    expect(text(format)).toContain("YYYY-MM-DD");
    expect(sim.count("POST", "/report/preview")).toBe(before);
  });

  it("htmlReportToText keeps structure and decodes entities", () => {
    expect(htmlReportToText("<h1>T&amp;C</h1><p>a&nbsp;b &#8211; c</p><ul><li>one</li><li>two</li></ul><table><tr><td>x</td><td>1</td></tr></table>")).toBe(
      "## T&C\na b – c\n\n- one\n- two\nx | 1",
    );
  });

  it("get_report_recipient suggests the account's billing contact", async () => {
    expect(data(await client.call("get_report_recipient", { site_ids: [1] }))).toEqual({ email: "clara@acme.test" });
    const none = data(await admin.call("get_report_recipient", { site_ids: [10] }));
    expect(none).toMatchObject({ email: "" });
    expect(none.note).toContain("ask the user");
    expect(errorCode(await client.call("get_report_recipient", { site_ids: [10] })).code).toBe("forbidden");
  });

  it("send_report emails the report; bad recipients are refused before sending", async () => {
    const out = data(await client.call("send_report", { site_ids: [1], recipient: "boss@acme.test, ops@acme.test" }));
    expect(out).toMatchObject({ success: true, message: "Report sent to boss@acme.test, ops@acme.test" });
    expect(reportTables(sim.state).sent.at(-1)).toMatchObject({ user_id: 2, site_ids: [1], start_date: "2026-10-29", end_date: "2026-11-28" });
    const before = sim.count("POST", "/report/send");
    const bad = await client.call("send_report", { site_ids: [1], recipient: "not-an-email" });
    expect(text(bad)).toContain("email address");
    expect(sim.count("POST", "/report/send")).toBe(before);
  });
});

describe("scheduled reports", () => {
  it("list_scheduled_reports shows admins everything and others their own", async () => {
    const all = data(await admin.call("list_scheduled_reports")).reports;
    expect(all).toEqual([
      {
        id: 4,
        interval: "monthly",
        recipient: "clara@acme.test",
        site_ids: [1, 2],
        site_names: ["acme-shop.test", "acme-blog.test"],
        next_run: "2026-12-01T00:00:00Z",
        last_run: "2026-11-01T00:00:00Z",
        owner_user_id: 2,
      },
      {
        id: 5,
        interval: "quarterly",
        recipient: "owner@bluebird.media",
        account_id: 2,
        account_name: "Bluebird Media",
        next_run: "2027-01-01T00:00:00Z",
        owner_user_id: 1,
      },
    ]);
    expect(data(await client.call("list_scheduled_reports")).reports.map((r: { id: number }) => r.id)).toEqual([4]);
  });

  it("create_scheduled_report schedules a report for sites or an account", async () => {
    const out = data(await client.call("create_scheduled_report", { site_ids: [3], interval: "quarterly", recipient: "ops@acme.test" }));
    expect(out.created).toBe(true);
    const created = data(await client.call("list_scheduled_reports")).reports.find((r: { id: number }) => r.id === out.id);
    expect(created).toMatchObject({ interval: "quarterly", site_ids: [3], recipient: "ops@acme.test", next_run: "2027-01-01T00:00:00Z" });

    const acct = data(await client.call("create_scheduled_report", { account_id: 1, recipient: "ops@acme.test" }));
    const row = reportTables(sim.state).scheduled.find((r) => r.scheduled_report_id === acct.id)!;
    expect(row).toMatchObject({ account_id: 1, interval: "monthly", next_run: "2026-12-01 00:00:00" });
  });

  it("create_scheduled_report needs sites or an account, and access to them", async () => {
    const before = sim.count("POST", "/scheduled-reports");
    const neither = await client.call("create_scheduled_report", { recipient: "ops@acme.test" });
    expect(text(neither)).toContain("site_ids or account_id");
    expect(sim.count("POST", "/scheduled-reports")).toBe(before);
    const foreign = await client.call("create_scheduled_report", { account_id: 2, recipient: "ops@acme.test" });
    expect(errorCode(foreign)).toMatchObject({ code: "forbidden", server_code: "unauthorized_account" });
  });

  it("update_scheduled_report changes fields and recomputes the next run", async () => {
    expect(data(await client.call("update_scheduled_report", { id: 4, interval: "yearly", recipient: "new@acme.test" }))).toEqual({ updated: true, id: 4 });
    const row = reportTables(sim.state).scheduled.find((r) => r.scheduled_report_id === 4)!;
    expect(row).toMatchObject({ interval: "yearly", recipient: "new@acme.test", next_run: "2027-01-01 00:00:00", site_ids: [1, 2] });

    data(await admin.call("update_scheduled_report", { id: 5, account_id: null, site_ids: [6, 7] }));
    const five = data(await admin.call("list_scheduled_reports")).reports.find((r: { id: number }) => r.id === 5);
    expect(five).toMatchObject({ site_ids: [6, 7], site_names: ["bluebird.media", "bluebird-studio.test"] });
    expect(five.account_id).toBeUndefined();
  });

  it("update_scheduled_report refuses others' reports, unknown ids and empty changes", async () => {
    const notMine = await client.call("update_scheduled_report", { id: 5, recipient: "x@acme.test" });
    expect(errorCode(notMine)).toMatchObject({ code: "forbidden", server_code: "unauthorized" });
    const unknown = await admin.call("update_scheduled_report", { id: 999, recipient: "x@acme.test" });
    expect(errorCode(unknown).code).toBe("not_found");
    const nothing = await client.call("update_scheduled_report", { id: 4 });
    expect(text(nothing)).toContain("Nothing to change");
  });

  it("delete_scheduled_report needs confirm and removes the report", async () => {
    expect(text(await client.call("delete_scheduled_report", { id: 4 }))).toContain("confirm: true");
    expect(errorCode(await client.call("delete_scheduled_report", { id: 5, confirm: true })).code).toBe("forbidden");
    expect(data(await client.call("delete_scheduled_report", { id: 4, confirm: true }))).toEqual({ deleted: true, id: 4 });
    expect(data(await client.call("list_scheduled_reports")).reports.map((r: { id: number }) => r.id)).not.toContain(4);
    expect(errorCode(await client.call("delete_scheduled_report", { id: 4, confirm: true })).code).toBe("not_found");
  });

  it("read-only mode exposes only the reads", async () => {
    const h = await startHarness({ sim, user: "admin", toolsets: "reports", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name).filter((n) => !["search_operations", "call_read_operation", "call_write_operation", "list_toolsets", "enable_toolset", "disable_toolset"].includes(n));
      expect(names.sort()).toEqual(["get_report_recipient", "list_scheduled_reports", "preview_report"]);
    } finally {
      await h.close();
    }
  });
});
