/** Scheduled scripts (code queued to run on one environment later) and recipes (saved WP-CLI/bash scripts). */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { EnvironmentId, id, Limit, Offset, Search, checked } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { type Row } from "./shared.js";

const ScriptId = id();
const RecipeId = id("Recipe ID");
const Code = checked("Bash / WP-CLI script", 100_000);
const Title = checked("", 200);
const Public = z.boolean().optional().describe("Visible to all users (admins only)");

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
    asks: [
      "run this script on bakery.com tomorrow at 2am", "schedule a code change for Friday night",
      "queue a wp-cli command for later", "at midnight EST run the sale price update",
      "schedule the Black Friday banner to turn on", "run this later on the live site",
      "set a timed script to deactivate the plugin after hours", "plan a script run for next Monday 9am",
      "can you make a change to my website automatically at midnight on Friday?",
      "cron a one-time wp-cli script for Sunday 4am", "delayed execution of a php snippet on production",
      "queue this for 6am tomorrow on copperkettle.com",
      "the holiday sale should start at 9am Monday, set it to run then",
      "schedule the plugin deactivation for after business hours", "schedule a script to run later",
      "schedule a script for tonight 2am eastern on the shop's live environment to delete expired transients",
      "schedule `wp transient delete --all` on environment 3365 for Saturday 2am Eastern",
      "run a search-replace oldbrand.com -> newbrand.com at 2am saturday eastern",
      "schedule wp plugin update woocommerce for 11pm tonight after the store closes",
    ],
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
    asks: [
      "change the time of the scheduled script", "edit the code of the queued job",
      "move the scheduled run to Saturday", "reschedule that script to 3am",
      "update the script I scheduled yesterday", "fix a typo in the scheduled code",
      "push the scheduled task back a day", "change scheduled script timezone to Pacific",
      "the sale is starting a day later, move the automatic change",
      "edit the code in the job that's queued for tonight", "change the run time of the scheduled script to 11pm",
      "the timezone is wrong on the pending script for oldmillinn.com", "update the code of the scheduled job",
      "postpone the scheduled job until next week", "move tonight's scheduled cleanup to saturday",
      "move scheduled script 88 to sunday at 3am", "move the script I scheduled for friday to sunday instead",
      "edit the code in tonight's scheduled job, forgot the --skip-plugins flag",
    ],
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
    asks: [
      "cancel the scheduled script", "don't run that job tonight", "delete the queued script",
      "remove the scheduled task", "the sale got cancelled, kill the scheduled change", "unschedule that code",
      "cancel the 2am run on bakery.com", "scrap the planned script",
      "we changed our minds about the midnight change, don't do it", "abort the pending timed script",
      "remove the queued job before it fires", "cancel the pending script on sunvalleyhvac.com",
      "delete the scheduled code run for tonight", "the promo won't happen, drop it",
      "clear out the old scheduled cleanup script", "cancel the script that's scheduled to run tonight on bakery",
      "cancel tonight's scheduled script on the bakery site, client is running a sale",
      "cancel the plugin update I scheduled for 2am tonight on the bakery site",
      "unschedule that script queued for saturday morning",
    ],
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
    asks: [
      "what recipes do I have", "show my saved scripts", "list recipes", "do we have a recipe for disabling xmlrpc",
      "find the recipe about woocommerce", "show the code of our saved snippets", "which recipes are available",
      "saved scripts library", "what reusable scripts do we have?", "browse the snippet library",
      "is there a saved one for clearing caches", "show the playbooks we've saved for WordPress chores",
      "how many saved recipes does our account have", "search recipes for cache", "list saved recipes",
      "what saved scripts/recipes do we have?",
      "Do we already have a recipe somewhere for disabling comments sitewide? pull up our script library",
    ],
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
    asks: [
      "save this script as a recipe", "create a recipe called 'Disable comments'",
      "store this snippet so I can reuse it", "make a new recipe from this wp-cli code",
      "add this to our recipes, make it public", "save the cleanup commands for later", "new recipe",
      "I keep running this, save it as a reusable script", "save this so the team can run it again",
      "add to the snippet library", "create a playbook from these wp-cli lines",
      "new saved script named 'Flush permalinks'", "share this snippet with everyone",
      "turn this into a reusable recipe", "save this wp-cli snippet so we can reuse it later",
      "save 'wp rewrite flush --hard' as a reusable snippet so the whole team can run it",
      "save this as a reusable snippet: wp option update blog_public 0",
      "make a recipe that disables comments sitewide so the team can reuse it",
    ],
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
    asks: [
      "edit the 'Disable comments' recipe", "update the code in recipe 12", "rename the recipe",
      "change the recipe to also flush cache", "fix the bug in my saved script", "make that recipe private",
      "replace the recipe's content", "update recipe", "the saved script has an error on line 3, replace its code",
      "retitle recipe 8 to 'Flush everything'", "change the code of a saved snippet",
      "let other team members see my saved script, switch it to public", "rename the playbook",
      "revise the saved script", "update the hello dolly removal recipe with the new code",
      "edit the 'disable comments' recipe so it also closes pingbacks",
      "tweak the 'disable comments' recipe so it also closes pingbacks", "change the code in my cache flush recipe",
    ],
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
    asks: [
      "delete the old recipe", "remove recipe 12", "get rid of the 'test' recipe", "delete a saved script",
      "we don't use that snippet anymore, remove it", "trash the recipe", "clean up unused recipes",
      "delete recipe 'Disable comments'", "we don't need that saved script", "remove from the snippet library",
      "delete the playbook nobody runs", "remove the duplicate recipe", "purge the obsolete saved snippet from 2021",
      "delete recipe 42", "delete the old recipe that removes hello dolly",
      "delete the old jetpack cleanup recipe, nobody uses it", "delete the 'disable comments' recipe, it's outdated",
      "get rid of my saved snippet for clearing woo transients, nobody uses it",
    ],
    input: { recipe_id: RecipeId },
    effect: "destructive",
    confirmText: "The recipe is deleted for every user.",
    render: (_data, a) => ({ recipe_id: a.recipe_id, deleted: true }),
  }),
];
