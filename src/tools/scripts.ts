/** Scheduled scripts (code queued to run on one environment later) and recipes (saved WP-CLI/bash scripts). */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { EnvironmentId, id, Limit, Offset, Search, checked } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { type Row } from "./shared.js";

const ScriptId = id();
const RecipeId = id("Recipe ID");
const Code = checked("WP-CLI or bash script", 100_000);
const Title = checked("", 200);
const Public = z.boolean().optional().describe("Visible to all users (admin)");

/** "YYYY-MM-DD HH:MM" that names a real calendar minute. */
function validRunAt(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return /^[A-Za-z_+\-/0-9]+$/.test(tz);
  } catch {
    return false;
  }
}

// The server takes run_at as {date, time, timezone} and throws a PHP fatal on bad values: checked here first.
const RunAt = z
  .string()
  .trim()
  .refine(validRunAt, "use local time as YYYY-MM-DD HH:MM, e.g. 2026-12-01 14:30")
  .describe("Local time YYYY-MM-DD HH:MM");
const Timezone = z
  .string()
  .trim()
  .refine(validTimezone, "an IANA timezone such as America/New_York or UTC")
  .default("UTC")
  .describe("IANA timezone of run_at");

function runAtBody(args: { run_at: string; timezone: string }) {
  const [date, time] = args.run_at.split(/[ T]/) as [string, string];
  return { date, time, timezone: args.timezone };
}

/** Recipes arrive with string ids and, for other users' private recipes, user_id "system" and no content. */
export function recipeRow(r: Row): Row {
  const row: Row = { recipe_id: toId(r.recipe_id), title: r.title, owner: toId(r.user_id), public: Boolean(Number(r.public)) };
  if (typeof r.content === "string" && r.content !== "") row.content = r.content;
  return row;
}

export const operations = [
  defineOperation({
    name: "schedule_script",
    toolset: "scripts",
    method: "POST",
    path: "/scripts/schedule",
    summary: "Schedule a script to run on one environment later",
    words: "run a script later at a time tonight scheduled task delayed command",
    description: "Returns script_id. To run now, use run_code.",
    input: { environment_id: EnvironmentId, code: Code, run_at: RunAt, timezone: Timezone },
    effect: "write",
    body: (a) => ({ environment_id: a.environment_id, code: a.code, run_at: runAtBody(a) }),
    render: (data, a) => ({ script_id: toId(data), status: "scheduled", run_at: a.run_at, timezone: a.timezone }),
  }),
  defineOperation({
    name: "update_scheduled_script",
    toolset: "scripts",
    method: "POST",
    path: "/scripts/{script_id}",
    summary: "Change the code and run time of a scheduled script",
    words: "reschedule change scheduled script time move scheduled task to another time edit scheduled code",
    input: { script_id: ScriptId, code: Code, run_at: RunAt, timezone: Timezone },
    effect: "write",
    idempotent: true,
    body: (a) => ({ code: a.code, run_at: runAtBody(a) }),
    render: (data, a) =>
      Number(data) > 0
        ? { script_id: a.script_id, updated: true, run_at: a.run_at, timezone: a.timezone }
        : { script_id: a.script_id, updated: false, note: "Nothing changed: code and time were already these." },
  }),
  defineOperation({
    name: "delete_scheduled_script",
    toolset: "scripts",
    method: "DELETE",
    path: "/scripts/{script_id}",
    summary: "Cancel and delete a scheduled script",
    words: "cancel scheduled script unschedule",
    input: { script_id: ScriptId },
    effect: "destructive",
    confirmText: "The scheduled script is deleted and will not run.",
    render: (data, a) => ({ script_id: a.script_id, deleted: Number(data) > 0 }),
  }),
  defineOperation({
    name: "list_recipes",
    toolset: "scripts",
    method: "GET",
    path: "/recipes",
    summary: "List recipes (saved scripts) with their code",
    words: "saved scripts recipes our snippets library",
    description: "Run one with run_code.",
    input: { search: Search, limit: Limit(25, 100), offset: Offset },
    effect: "read",
    render: (data, a) => {
      const rows = (asArray(data) as Row[]).filter((r) => matches([r.title, r.content], a.search)).map(recipeRow);
      return pageOf("recipes", rows, a);
    },
  }),
  defineOperation({
    name: "create_recipe",
    toolset: "scripts",
    method: "POST",
    path: "/recipes",
    summary: "Save a script as a recipe",
    words: "save script as recipe new recipe snippet",
    input: {
      title: Title,
      content: Code,
      public: Public,
    },
    effect: "write",
    body: (a) => ({ title: a.title, content: a.content, ...(a.public === undefined ? {} : { public: a.public ? 1 : 0 }) }),
    // The server answers with the whole list: pick the new recipe (highest id with this title and content).
    render: (data, a) => {
      const mine = (asArray(data) as Row[])
        .filter((r) => r.title === a.title && r.content === a.content)
        .sort((x, y) => Number(y.recipe_id) - Number(x.recipe_id))[0];
      return mine ? { recipe: recipeRow(mine) } : { created: true, note: "Saved; find it with list_recipes." };
    },
  }),
  defineOperation({
    name: "update_recipe",
    toolset: "scripts",
    method: "PUT",
    path: "/recipes/{recipe_id}",
    summary: "Replace a recipe's title and code",
    words: "edit recipe change saved script update snippet",
    input: {
      recipe_id: RecipeId,
      title: Title,
      content: Code,
      public: Public,
    },
    effect: "write",
    idempotent: true,
    body: (a) => ({ title: a.title, content: a.content, ...(a.public === undefined ? {} : { public: a.public ? 1 : 0 }) }),
    render: (data, a) => {
      const row = (asArray(data) as Row[]).find((r) => Number(r.recipe_id) === a.recipe_id);
      return row ? { recipe: recipeRow(row) } : { updated: true };
    },
  }),
  defineOperation({
    name: "delete_recipe",
    toolset: "scripts",
    method: "DELETE",
    path: "/recipes/{recipe_id}",
    summary: "Delete a recipe",
    words: "delete recipe remove saved script",
    input: { recipe_id: RecipeId },
    effect: "destructive",
    confirmText: "The recipe is deleted for every user.",
    render: (_data, a) => ({ recipe_id: a.recipe_id, deleted: true }),
  }),
];
