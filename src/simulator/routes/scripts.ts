/** Simulated CaptainCore routes for the scripts toolset: scheduled scripts and recipes. */
import { WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { canAccessSite, isAdmin, type SimState, type SimUser } from "../state.js";

export interface SimScript {
  script_id: number;
  environment_id: number;
  user_id: number;
  code: string;
  status: string;
  details: { run_at: number };
  created_at: string;
}

export interface SimRecipe {
  recipe_id: number;
  user_id: number;
  title: string;
  content: string;
  public: number;
}

export function scriptsTable(state: SimState): SimScript[] {
  return state.ext<SimScript[]>("scripts", () => [
    {
      script_id: 51,
      environment_id: 1,
      user_id: 2,
      code: "wp cache flush",
      status: "scheduled",
      details: { run_at: Date.UTC(2026, 11, 20, 8, 0) / 1000 },
      created_at: "2026-11-20 10:00:00",
    },
    {
      script_id: 52,
      environment_id: 11,
      user_id: 1,
      code: "wp plugin update --all",
      status: "scheduled",
      details: { run_at: Date.UTC(2026, 11, 21, 3, 0) / 1000 },
      created_at: "2026-11-21 10:00:00",
    },
  ]);
}

export function recipesTable(state: SimState): SimRecipe[] {
  return state.ext<SimRecipe[]>("recipes", () => [
    { recipe_id: 8, user_id: 0, title: "Disable comments", content: "wp option update default_comment_status closed", public: 1 },
    { recipe_id: 9, user_id: 2, title: "Staging noindex", content: "wp option update blog_public 0", public: 0 },
    { recipe_id: 10, user_id: 1, title: "Flush caches", content: "wp cache flush\nwp transient delete --all", public: 0 },
    { recipe_id: 11, user_id: 1, title: "Reset permalinks", content: "wp rewrite flush --hard", public: 1 },
  ]);
}

/** Unix time of a wall-clock minute in an IANA zone; throws (a PHP fatal on the real server) on bad input. */
export function toUnix(date: unknown, time: unknown, timezone: unknown): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date ?? ""));
  const t = /^(\d{1,2}):(\d{2})$/.exec(String(time ?? ""));
  if (!d || !t) throw new Error("DateMalformedStringException: Failed to parse time string");
  const tz = String(timezone ?? "UTC");
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
  } catch {
    throw new Error(`DateInvalidTimeZoneException: DateTimeZone::__construct(): Unknown or bad timezone (${tz})`);
  }
  const guess = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +t[1]!, +t[2]!);
  const parts = Object.fromEntries(fmt.formatToParts(new Date(guess)).map((p) => [p.type, p.value]));
  const shown = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!);
  return (guess - (shown - guess)) / 1000;
}

function invalidToken(): WpError {
  return new WpError("token_invalid", "Invalid Token", 403);
}

/** Access to a scheduled script goes through its environment's site; a missing environment fails the same way. */
function requireEnvironmentAccess(req: SimRequest, environmentId: unknown) {
  const env = req.state.environments.find((e) => e.environment_id === Number(environmentId));
  if (!env || !canAccessSite(req.state, req.user, env.site_id)) throw invalidToken();
  return env;
}

function runAt(req: SimRequest): number {
  const value = req.param("run_at");
  const r = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  return toUnix(r.date, r.time, r.timezone);
}

const RECIPE_ROLES = ["subscriber", "customer", "editor", "administrator"];

/** GET /recipes as this user sees it: others' private recipes are masked, sorted by title. */
export function recipeList(state: SimState, user: SimUser): unknown {
  if (!user.roles.some((r) => RECIPE_ROLES.includes(r))) return "Error: Please log in.";
  const admin = isAdmin(user);
  return [...recipesTable(state)]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((r) => {
      const masked = !admin && r.user_id !== user.user_id && !r.public;
      return {
        recipe_id: s(r.recipe_id),
        user_id: masked || r.user_id === 0 ? "system" : s(r.user_id),
        title: r.title,
        content: masked ? "" : r.content,
        public: r.public,
      };
    });
}

function ownRecipe(req: SimRequest, value: unknown): SimRecipe {
  const recipe = recipesTable(req.state).find((r) => String(r.recipe_id) === String(value));
  if (!recipe || (!isAdmin(req.user) && recipe.user_id !== req.user.user_id)) {
    throw new WpError("permission_denied", "Permission denied", 403);
  }
  return recipe;
}

const publicFlag = (req: SimRequest) => (isAdmin(req.user) && [true, 1, "1", "true"].includes(req.param("public") as never) ? 1 : 0);

export function register(router: Router): void {
  router.post("/scripts/schedule", "login", (req) => {
    const env = requireEnvironmentAccess(req, req.param("environment_id"));
    const script: SimScript = {
      script_id: req.state.nextId("scripts"),
      environment_id: env.environment_id,
      user_id: req.user.user_id,
      code: String(req.param("code") ?? ""),
      status: "scheduled",
      details: { run_at: runAt(req) },
      created_at: "2026-11-28 09:00:00",
    };
    scriptsTable(req.state).push(script);
    return script.script_id;
  });

  router.post("/scripts/{script_id}", "login", (req) => {
    const script = scriptsTable(req.state).find((x) => x.script_id === Number(req.params.script_id));
    if (!script) throw invalidToken();
    requireEnvironmentAccess(req, script.environment_id);
    const code = String(req.param("code") ?? "");
    const when = runAt(req);
    if (script.code === code && script.details.run_at === when) return 0;
    script.code = code;
    script.details = { run_at: when };
    return 1;
  });

  router.delete("/scripts/{script_id}", "login", (req) => {
    const table = scriptsTable(req.state);
    const index = table.findIndex((x) => x.script_id === Number(req.params.script_id));
    if (index < 0) throw invalidToken();
    requireEnvironmentAccess(req, table[index]!.environment_id);
    table.splice(index, 1);
    return 1;
  });

  router.get("/recipes", "login", (req) => recipeList(req.state, req.user));

  router.post("/recipes", "login", (req) => {
    recipesTable(req.state).push({
      recipe_id: req.state.nextId("recipes"),
      user_id: req.user.user_id,
      title: String(req.param("title") ?? ""),
      content: String(req.param("content") ?? ""),
      public: publicFlag(req),
    });
    return recipeList(req.state, req.user);
  });

  router.put("/recipes/{recipe_id}", "login", (req) => {
    const recipe = ownRecipe(req, req.params.recipe_id);
    recipe.title = String(req.param("title") ?? "");
    recipe.content = String(req.param("content") ?? "");
    recipe.public = publicFlag(req);
    return recipeList(req.state, req.user);
  });

  router.delete(
    "/recipes/{recipe_id}",
    "login",
    (req) => {
      const recipe = ownRecipe(req, req.params.recipe_id);
      const table = recipesTable(req.state);
      table.splice(table.indexOf(recipe), 1);
      return null;
    },
    { recipe_id: "[a-zA-Z0-9-]+" },
  );
}
