import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { recipesTable, scriptsTable, toUnix } from "../src/simulator/routes/scripts.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let admin: Harness;
let client: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  admin = await startHarness({ sim, user: "admin", toolsets: "scripts" });
  client = await startHarness({ sim, user: "client", toolsets: "scripts" });
});
afterAll(async () => {
  await admin.close();
  await client.close();
  await sim.stop();
});

const errorCode = (r: { structuredContent?: unknown }) => (r.structuredContent as { error: { code: string } }).error.code;

describe("scheduled scripts", () => {
  it("schedules a script with run_at sent as {date, time, timezone} and stores the UTC time", async () => {
    const out = data(
      await client.call("schedule_script", {
        environment_id: 3,
        code: "wp plugin list",
        run_at: "2026-12-01 14:30",
        timezone: "America/New_York",
      }),
    );
    expect(out).toMatchObject({ status: "scheduled", run_at: "2026-12-01T14:30:00-05:00", timezone: "America/New_York" });
    expect(typeof out.script_id).toBe("number");
    const sent = sim.requests.filter((r) => r.path === "/scripts/schedule").at(-1)!;
    expect(sent.body).toEqual({
      environment_id: 3,
      code: "wp plugin list",
      run_at: { date: "2026-12-01", time: "14:30", timezone: "America/New_York" },
    });
    const row = scriptsTable(sim.state).find((x) => x.script_id === out.script_id)!;
    expect(row).toMatchObject({ environment_id: 3, code: "wp plugin list", status: "scheduled" });
    expect(row.details.run_at).toBe(Date.UTC(2026, 11, 1, 19, 30) / 1000); // EST = UTC-5
  });

  it("defaults the timezone to UTC", async () => {
    const out = data(await admin.call("schedule_script", { environment_id: 5, code: "wp cron event run --all", run_at: "2027-01-02 03:04" }));
    expect(scriptsTable(sim.state).find((x) => x.script_id === out.script_id)!.details.run_at).toBe(Date.UTC(2027, 0, 2, 3, 4) / 1000);
  });

  it("rejects bad dates and timezones before sending (the server would crash with a 500)", async () => {
    const before = sim.requests.length;
    for (const args of [
      { environment_id: 3, code: "wp plugin list", run_at: "2026-02-30 10:00" },
      { environment_id: 3, code: "wp plugin list", run_at: "tomorrow" },
      { environment_id: 3, code: "wp plugin list", run_at: "2026-12-01 10:00", timezone: "Mars/Olympus" },
      { environment_id: 3, code: "", run_at: "2026-12-01 10:00" },
    ]) {
      const r = await client.call("schedule_script", args);
      expect(r.isError).toBe(true);
      expect(text(r)).toContain("Nothing was sent");
    }
    expect(sim.requests.length).toBe(before);
  });

  it("refuses an environment of another account with an actionable error", async () => {
    const r = await client.call("schedule_script", { environment_id: 11, code: "wp plugin list", run_at: "2026-12-01 10:00" });
    expect(r.isError).toBe(true);
    expect(errorCode(r)).toBe("forbidden");
    expect(text(r)).toContain("403");
  });

  it("reschedules a script and reports when nothing changed", async () => {
    const args = { script_id: 51, code: "wp cache flush && wp rewrite flush", run_at: "2026-12-24 06:00", timezone: "UTC" };
    expect(data(await client.call("update_scheduled_script", args))).toMatchObject({ script_id: 51, updated: true });
    const row = scriptsTable(sim.state).find((x) => x.script_id === 51)!;
    expect(row.code).toBe("wp cache flush && wp rewrite flush");
    expect(row.details.run_at).toBe(Date.UTC(2026, 11, 24, 6, 0) / 1000);
    const again = data(await client.call("update_scheduled_script", args));
    expect(again.updated).toBe(false);
    expect(again.note).toMatch(/Nothing changed/);
  });

  it("refuses to edit another account's script", async () => {
    const r = await client.call("update_scheduled_script", { script_id: 52, code: "x", run_at: "2026-12-24 06:00" });
    expect(r.isError).toBe(true);
    expect(errorCode(r)).toBe("forbidden");
    expect(scriptsTable(sim.state).find((x) => x.script_id === 52)!.code).toBe("wp plugin update --all");
  });

  it("deletes a script only with confirm: true", async () => {
    const unconfirmed = await admin.call("delete_scheduled_script", { script_id: 52 });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("confirm");
    expect(scriptsTable(sim.state).some((x) => x.script_id === 52)).toBe(true);
    expect(data(await admin.call("delete_scheduled_script", { script_id: 52, confirm: true }))).toEqual({ script_id: 52, deleted: true });
    expect(scriptsTable(sim.state).some((x) => x.script_id === 52)).toBe(false);
    const gone = await admin.call("delete_scheduled_script", { script_id: 52, confirm: true });
    expect(gone.isError).toBe(true);
    expect(errorCode(gone)).toBe("forbidden");
  });

  it("converts local time to unix time like PHP", () => {
    expect(toUnix("2026-07-01", "12:00", "Europe/Berlin")).toBe(Date.UTC(2026, 6, 1, 10, 0) / 1000);
    expect(() => toUnix("2026-07-01", "12:00", "Nowhere/City")).toThrow(/timezone/);
  });
});

describe("recipes", () => {
  it("lists recipes sorted by title, masking other users' private code for non-admins", async () => {
    const out = data(await client.call("list_recipes"));
    expect(out.total).toBe(4);
    expect(out.recipes.map((r: { title: string }) => r.title)).toEqual([
      "Disable comments",
      "Flush caches",
      "Reset permalinks",
      "Staging noindex",
    ]);
    const flush = out.recipes.find((r: { recipe_id: number }) => r.recipe_id === 10);
    expect(flush).toEqual({ recipe_id: 10, title: "Flush caches", owner: "system", public: false });
    expect(out.recipes.find((r: { recipe_id: number }) => r.recipe_id === 9)).toMatchObject({ owner: 2, content: "wp option update blog_public 0" });
    const all = data(await admin.call("list_recipes", { search: "flush" }));
    expect(all.recipes.map((r: { recipe_id: number }) => r.recipe_id)).toEqual([10, 11]);
    expect(all.recipes[0].content).toContain("wp cache flush");
  });

  it("pages the list", async () => {
    const page = data(await admin.call("list_recipes", { limit: 3 }));
    expect(page.recipes).toHaveLength(3);
    expect(page.next_offset).toBe(3);
  });

  it("creates a recipe and returns it, not the whole list; public is ignored for non-admins", async () => {
    const created = data(await client.call("create_recipe", { title: "Check cron", content: "wp cron event list", public: true }));
    expect(created.recipe).toMatchObject({ title: "Check cron", content: "wp cron event list", owner: 2, public: false });
    expect(recipesTable(sim.state).find((r) => r.title === "Check cron")).toMatchObject({ user_id: 2, public: 0 });
    const mine = data(await client.call("list_recipes", { search: "cron" }));
    expect(mine.recipes.map((r: { recipe_id: number }) => r.recipe_id)).toEqual([created.recipe.recipe_id]);

    const shared = data(await admin.call("create_recipe", { title: "Shared one", content: "wp core version", public: true }));
    expect(shared.recipe.public).toBe(true);
    expect(sim.requests.filter((r) => r.method === "POST" && r.path === "/recipes").at(-1)!.body).toEqual({
      title: "Shared one",
      content: "wp core version",
      public: 1,
    });
  });

  it("updates an own recipe; another user's recipe is refused", async () => {
    const out = data(await client.call("update_recipe", { recipe_id: 9, title: "Staging noindex", content: "wp option update blog_public 0 --quiet" }));
    expect(out.recipe).toMatchObject({ recipe_id: 9, content: "wp option update blog_public 0 --quiet" });
    expect(recipesTable(sim.state).find((r) => r.recipe_id === 9)!.content).toBe("wp option update blog_public 0 --quiet");
    const denied = await client.call("update_recipe", { recipe_id: 10, title: "Mine now", content: "rm -rf /" });
    expect(denied.isError).toBe(true);
    expect(errorCode(denied)).toBe("forbidden");
    expect(recipesTable(sim.state).find((r) => r.recipe_id === 10)!.title).toBe("Flush caches");
  });

  it("deletes a recipe with confirmation; others' recipes are refused", async () => {
    const denied = await client.call("delete_recipe", { recipe_id: 11, confirm: true });
    expect(denied.isError).toBe(true);
    expect(errorCode(denied)).toBe("forbidden");
    expect(data(await admin.call("delete_recipe", { recipe_id: 11, confirm: true }))).toEqual({ recipe_id: 11, deleted: true });
    expect(recipesTable(sim.state).some((r) => r.recipe_id === 11)).toBe(false);
    const list = data(await admin.call("list_recipes", { search: "permalinks" }));
    expect(list.total).toBe(0);
  });

  it("rejects an empty title before sending", async () => {
    const r = await admin.call("create_recipe", { title: " ", content: "wp plugin list" });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("title");
  });
});
