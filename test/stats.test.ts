/** The stats toolset: Fathom stats and sharing, tracking codes, timeline, usage, server logs, uptime monitoring. */
import { describe, expect, it } from "vitest";
import { data, errorOf, text, withUsers, type Any } from "./harness.js";

const { sim, admin, client } = withUsers("stats,sites", { admin: {}, client: { toolsets: "stats" } });

describe("Fathom stats", () => {
  it("sends the environment the docs omit and returns numbers, not strings", async () => {
    const out = data(await client.call("get_site_stats", { site_id: 1, from_at: "2026-01-01", to_at: "2026-01-05", grouping: "day" }));
    expect(sim.requests.at(-1)!.query).toMatchObject({ environment: "production", grouping: "day", from_at: "2026-01-01" });
    expect(out.fathom_id).toBe("FATH1X");
    expect(out.site_name).toBe("acme-shop.test");
    expect(out.items).toHaveLength(5);
    expect(out.items[0]).toEqual({ date: "Jan 01 2026", visits: 27, pageviews: 59, bounce_rate: 0.5, avg_duration: 40 });
    expect(out.summary.visits).toBe(out.items.reduce((s: number, i: Any) => s + i.visits, 0));
  });

  it("keeps the newest buckets of a long series and says how to narrow", async () => {
    const out = data(await client.call("get_site_stats", { site_id: 1, grouping: "hour", from_at: "2026-01-01", to_at: "2026-02-01" }));
    expect(out.items).toHaveLength(400);
    expect(out.items.at(-1).date).toBe("Feb 01 2026 12am");
    expect(out.note).toContain("coarser grouping");
  });

  it("gives the same answer through the POST analytics variant", async () => {
    const out = data(await client.call("get_site_analytics", { site_id: 1, environment: "Production", from_at: "2026-01-01", to_at: "2026-03-01", grouping: "month" }));
    expect(sim.requests.at(-1)!.method).toBe("POST");
    expect(sim.requests.at(-1)!.body).toEqual({ environment: "production", from_at: "2026-01-01", to_at: "2026-03-01", grouping: "month" });
    expect(out.items.map((i: Any) => i.date)).toEqual(["Jan 2026", "Feb 2026", "Mar 2026"]);
  });

  it("reports an environment without Fathom codes as an error, and refuses foreign sites", async () => {
    const none = await client.call("get_site_stats", { site_id: 2 });
    expect(none.isError).toBe(true);
    expect(text(none)).toContain("There was a problem retrieving stats.");
    const foreign = await client.call("get_site_analytics", { site_id: 6 });
    expect(errorOf(foreign)).toMatchObject({ code: "forbidden", server_code: "permission_denied" });
    expect(text(await client.call("get_site_stats", { site_id: 1, from_at: "01/02/2026" }))).toContain("a date like 2026-01-31");
  });

  it("changes sharing, visible in the next stats read", async () => {
    const out = data(await client.call("set_site_stats_sharing", { site_id: 1, fathom_id: "FATH1X", sharing: "public" }));
    expect(out).toEqual({ site_id: 1, fathom_id: "FATH1X", sharing: "public", success: true });
    expect(data(await client.call("get_site_stats", { site_id: 1 })).sharing).toBe("public");
    expect((await client.call("set_site_stats_sharing", { site_id: 1, fathom_id: "FATH1X", sharing: "everyone" })).isError).toBe(true);
  });

  it("sets tracking codes (admin): saved at once, deploy task queued", async () => {
    const out = data(await admin.call("set_site_fathom_codes", { site_id: 2, environment: "production", fathom: [{ domain: "acme-blog.test", code: "BLOG2" }] }));
    expect(out.status).toBe("queued");
    expect(out.token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(out.note).toContain("stats-deploy");
    expect(sim.requests.at(-1)!.body).toEqual({ environment: "production", value: { fathom: [{ domain: "acme-blog.test", code: "BLOG2" }] } });
    expect(data(await client.call("get_site_stats", { site_id: 2 })).fathom_id).toBe("BLOG2");
    const refused = await client.call("set_site_fathom_codes", { site_id: 2, environment: "production", fathom: [] });
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", server_code: "rest_forbidden" });
  });
});

describe("timeline and usage", () => {
  it("pages the timeline with ISO dates and plain descriptions", async () => {
    const out = data(await client.call("list_site_timeline", { site_id: 1, limit: 3 }));
    expect(out.total).toBe(25);
    expect(out.next_offset).toBe(3);
    expect(out.entries[0]).toEqual({
      process_log_id: 125,
      name: "Maintenance",
      description: "Updated plugins (25)",
      status: "completed",
      author: "Ada Admin",
      created_at: "2026-11-18T11:06:40.000Z",
    });
    expect(errorOf(await client.call("list_site_timeline", { site_id: 7 })).code).toBe("forbidden");
  });

  it("breaks usage down per site with the HTML stripped", async () => {
    const out = data(await client.call("get_site_usage_breakdown", { site_id: 1 }));
    expect(out.sites).toHaveLength(5);
    expect(out.sites[0]).toEqual({ site_id: 1, name: "acme-shop.test", storage_bytes: 150000000, visits: 1000 });
    expect(out.total[0]).toMatch(/^\d+% storage: [\d.]+GB\/10GB$/);
    expect(out.total[1]).toBe("3% traffic: 15,000 Yearly Estimate");
    expect(errorOf(await client.call("get_site_usage_breakdown", { site_id: 10 })).server_code).toBe("permission_denied");
  });
});

describe("server logs", () => {
  it("lists log files", async () => {
    const out = data(await client.call("list_server_logs", { site_id: 1 }));
    expect(out.debugger).toBe(false);
    expect(out.files[0]).toEqual({ name: "error_log", path: "/www/acmeshop/public/error_log", size_bytes: 312000, modified_at: "2026-11-18T11:06:40.000Z" });
    expect(out.files[1].name).toBe("~/logs/nginx-error.log");
  });

  it("tails a big log to the newest lines that fit, and filters with search", async () => {
    const tail = data(await client.call("get_server_log", { site_id: 1, file: "/www/acmeshop/public/error_log", limit: 3000 }));
    expect(sim.requests.at(-1)!.body).toEqual({ file: "/www/acmeshop/public/error_log", limit: 3000 });
    expect(tail.lines_read).toBe(3000);
    expect(tail.lines_shown).toBeLessThan(3000);
    expect(tail.text.length).toBeLessThanOrEqual(12_000);
    expect(tail.text.endsWith("on line 3000")).toBe(true);
    expect(tail.note).toContain("use search");
    const fatal = data(await client.call("get_server_log", { site_id: 1, file: "/www/acmeshop/public/error_log", limit: 3000, search: "fatal" }));
    expect(fatal.lines_matching).toBe(60);
    expect(fatal.lines_shown).toBe(60);
    expect(fatal.note).toBeUndefined();
  });

  it("rejects display names locally and foreign sites remotely", async () => {
    const before = sim.requests.length;
    const bad = await client.call("get_server_log", { site_id: 1, file: "~/logs/nginx-error.log" });
    expect(text(bad)).toContain("absolute path from list_server_logs");
    expect(sim.requests.length).toBe(before);
    expect(errorOf(await client.call("list_server_logs", { site_id: 6 })).server_code).toBe("token_invalid");
  });
});

describe("uptime monitor", () => {
  it("turns monitoring off and on, visible in list_site_environments", async () => {
    const off = data(await admin.call("set_uptime_monitor", { site_id: 4, monitor: false }));
    expect(off).toEqual({ site_id: 4, environment: "production", monitor_enabled: false });
    const envs = data(await admin.call("list_site_environments", { site_id: 4 })).environments;
    expect(envs[0].monitor_enabled).toBe(false);
    await admin.call("set_uptime_monitor", { site_id: 4, environment: "staging", monitor: true });
    expect(sim.state.environments.find((e) => e.environment_id === 8)!.monitor_enabled).toBe(1);
  });

  it("refuses a foreign site", async () => {
    const result = await client.call("set_uptime_monitor", { site_id: 11, monitor: true });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "token_invalid" });
  });
});
