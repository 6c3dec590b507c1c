/**
 * Simulated CaptainCore routes for running code and the jobs it starts (docs/api/NOTES.md §6-§7): POST /run/code, /sites/cli and
 * /sites/bulk-tools (sync, or async with a job token), GET/DELETE /my-jobs/{token} (owner only, 404 otherwise) and
 * the admin GET /jobs/{job_id} by daemon task id.
 *
 * A job's status is computed from the clock (queued → started → completed/failed), so nothing runs in the background.
 * Tests script the next jobs (duration, output, outcome) and the poll latency through `jobsControl(state)`.
 */
import { randomBytes } from "node:crypto";
import { noteCodeRun } from "../captures-looks.js";
import { requireSite } from "../guards.js";
import { applyCoreUpdate, applyRollback, applySync, applyUpdate, planCode, planUpdate } from "../effects.js";
import { BULK_TOOLS } from "../../bulk-tools.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import {
  canAccessSite,
  siteEnvironments,
  type SimEnvironment,
  type SimSite,
  type SimState,
} from "../state.js";

export type JobOutcome = "completed" | "failed" | "vanished";

/** How the next job behaves; anything left out takes the command's default. */
export interface JobScript {
  /** Time spent queued before it starts (default 0: the daemon starts background tasks at once). */
  queuedMs?: number;
  /** Time spent started before it ends. */
  durationMs?: number;
  output?: string;
  /** completed (default), failed (could not start: no output), vanished (the task row disappears: status ""). */
  outcome?: JobOutcome;
  /** Like a Run::task token: stays queued forever over REST. */
  stayQueued?: boolean;
}

export interface SimJob {
  token: string;
  task_id: number;
  user_id: number;
  site_id?: number;
  /** Display string or sites/cli command name, like the job_tokens row. */
  command: string;
  targets: string[];
  createdMs: number;
  queuedMs: number;
  durationMs: number;
  output: string;
  outcome: JobOutcome;
  stayQueued: boolean;
  cancelledMs?: number;
  /** What the command changes in the fleet, applied once the job completes (see settleJobs); may return the output. */
  effect?: () => string | void;
}

export interface JobsControl {
  jobs: Map<string, SimJob>;
  /** Scripts for the next jobs, used in order. */
  queue: JobScript[];
  /** Overrides applied to every job without a script (e.g. durationMs for fast tests). */
  defaults: JobScript;
  /** Latency of GET /my-jobs/{token}, to observe concurrent pollers. */
  pollDelayMs: number;
  inFlight: number;
  maxInFlight: number;
  /** Adds scripts for the next jobs. */
  next: (...scripts: JobScript[]) => void;
  /** Ends a job now (with its outcome). */
  finish: (token: string) => void;
  /** Status as GET /my-jobs would report it. */
  statusOf: (job: SimJob) => string;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function jobToken(length = 48): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

function statusOf(job: SimJob, now = Date.now()): string {
  if (job.cancelledMs !== undefined) return "cancelled";
  const age = now - job.createdMs;
  if (job.stayQueued || age < job.queuedMs) return "queued";
  if (age < job.queuedMs + job.durationMs) return "started";
  return job.outcome === "vanished" ? "" : job.outcome;
}

export function jobsControl(state: SimState): JobsControl {
  return state.ext<JobsControl>("jobs", () => {
    const control: JobsControl = {
      jobs: new Map(),
      queue: [],
      defaults: {},
      pollDelayMs: 0,
      inFlight: 0,
      maxInFlight: 0,
      next: (...scripts) => {
        control.queue.push(...scripts);
      },
      finish: (token) => {
        const job = control.jobs.get(token);
        if (!job) return;
        job.stayQueued = false;
        job.queuedMs = 0;
        job.durationMs = 0;
        job.createdMs = Math.min(job.createdMs, Date.now() - 1);
      },
      statusOf: (job) => statusOf(job),
    };
    return control;
  });
}

// ---------- commands and what they print ----------

/** /sites/cli commands (endpoints.json) with a believable duration; foreground ones answer raw output at once. */
const SITE_COMMANDS: Record<string, number> = {
  new: 30_000,
  "deploy-defaults": 8_000,
  update: 30_000,
  "update-wp": 20_000,
  "users-fetch": 4_000,
  copy: 90_000,
  migrate: 120_000,
  recipe: 6_000,
  launch: 10_000,
  "reset-permissions": 5_000,
  "apply-https": 8_000,
  "apply-https-with-www": 8_000,
  "production-to-staging": 60_000,
  "staging-to-production": 60_000,
  "scan-errors": 12_000,
  "sync-data": 6_000,
  remove: 0,
  quick_backup: 15_000,
  backup: 40_000,
  snapshot: 60_000,
  deactivate: 3_000,
  activate: 3_000,
  view_quicksave_changes: 0,
  run: 0,
  backup_download: 20_000,
  manage: 8_000,
  quicksave_file_diff: 0,
  rollback: 10_000,
  quicksave_rollback: 15_000,
  quicksave_file_restore: 5_000,
};

export const FOREGROUND_COMMANDS = new Set(["remove", "view_quicksave_changes", "run", "quicksave_file_diff"]);

const BULK_DURATION = 8_000;
const RUN_CODE_DURATION = 1_500;

interface Target {
  site: SimSite;
  env: SimEnvironment;
  name: string;
}

function targetName(site: SimSite, env: SimEnvironment): string {
  return `${site.site}-${env.environment.toLowerCase()}`;
}

function codeOutput(code: string, t: Target): string {
  const c = code.trim();
  if (/wp\s+option\s+get\s+(home|siteurl)/.test(c)) return t.env.home_url;
  if (/wp\s+core\s+version/.test(c)) return t.env.core;
  if (/wp\s+plugin\s+list/.test(c)) {
    return ["name\tstatus\tupdate\tversion", ...t.env.plugins.map((p) => `${p.name}\t${p.status}\t${p.update}\t${p.version}`)].join("\n");
  }
  if (/wp\s+theme\s+list/.test(c)) {
    return ["name\tstatus\tupdate\tversion", ...t.env.themes.map((p) => `${p.name}\t${p.status}\t${p.update}\t${p.version}`)].join("\n");
  }
  if (/wp\s+plugin\s+update/.test(c)) {
    const outdated = t.env.plugins.filter((p) => p.update === "available").length;
    return `Success: Updated ${outdated} of ${outdated} plugins.`;
  }
  if (/^\s*wp\s+\S/m.test(c)) return "Success: Command finished.";
  return "";
}

function runOutput(code: string, targets: Target[]): string {
  if (targets.length === 1) return codeOutput(code, targets[0]!) + "\n";
  return targets.map((t) => `${t.name}: ${codeOutput(code, t)}`).join("\n") + "\n";
}

/** A script that updates plugins, themes or core: its output and its effect on every target. */
function runPlan(state: SimState, code: string, targets: Target[]): { output: string; effect: () => void } | undefined {
  const plans = targets.map((t) => planCode(state, t.env, code));
  if (plans.every((p) => !p)) return undefined;
  const text = (i: number) => plans[i]?.output ?? codeOutput(code, targets[i]!);
  const output = targets.length === 1 ? `${text(0)}\n` : `${targets.map((t, i) => `${t.name}: ${text(i)}`).join("\n")}\n`;
  return { output, effect: () => plans.forEach((p) => p?.apply()) };
}

/** What a /sites/cli command does to the fleet beyond printing (docs/api/NOTES.md §6): updates, rollbacks, syncs. */
function siteCommandEffect(req: SimRequest, command: string, sites: SimSite[], envNames: string[]): { output?: string; effect: () => string | void } | undefined {
  const state = req.state;
  const envs = sites.flatMap((site) => envNames.map((n) => siteEnvironments(state, site.site_id).find((e) => e.environment.toLowerCase() === n)).filter((e): e is SimEnvironment => !!e));
  switch (command) {
    case "update": {
      const plans = envs.map((env) => ({
        env,
        plugins: planUpdate(env, "plugin", "all", env.updates_exclude_plugins),
        themes: planUpdate(env, "theme", "all", env.updates_exclude_themes),
      }));
      const output = plans.map((p) => `Updated ${p.plugins.length} plugins and ${p.themes.length} themes on ${p.env.environment.toLowerCase()}.`).join("\n");
      return { output: `${output}\nSuccess: Updates finished.\n`, effect: () => plans.forEach((p) => (applyUpdate(state, p.env, "plugin", p.plugins), applyUpdate(state, p.env, "theme", p.themes))) };
    }
    case "update-wp":
      return { effect: () => envs.forEach((env) => applyCoreUpdate(state, env)) };
    case "sync-data":
      return { effect: () => sites.forEach((site) => applySync(state, site.site_id)) };
    case "quicksave_rollback":
    case "rollback": {
      const hash = String(req.param("commit") ?? req.param("hash") ?? "");
      const addon = String(req.param("addon_type") ?? "");
      const value = req.param("value");
      const type = command === "rollback" || (addon && typeof value === "string" && value) ? (addon === "theme" ? "theme" : "plugin") : "all";
      const spec = { hash, version: String(req.param("version") ?? "this"), type, slug: typeof value === "string" ? value : undefined } as const;
      return { effect: () => envs.map((env) => applyRollback(state, env, spec)).join("") };
    }
  }
  return undefined;
}

function commandOutput(command: string, targets: string[], value: unknown): string {
  const lines: string[] = [];
  for (const target of targets) {
    switch (command) {
      case "backup":
      case "quick_backup":
        lines.push(`Backing up ${target}`, `Success: Backup of ${target} completed.`);
        break;
      case "snapshot":
        lines.push(`Generating snapshot of ${target}`, `Success: Snapshot ${target}-2026-11-28.zip created.`);
        break;
      case "launch":
        lines.push(`Launching ${target} on ${String(value ?? "")}`, "Success: Site launched.");
        break;
      case "sync-data":
        lines.push(`Syncing ${target}`, "Success: Site data synced.");
        break;
      default:
        lines.push(`Success: ${command} finished on ${target}.`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Applies the effects of jobs that have completed since the last request (nothing runs in the background). */
export function settleJobs(state: SimState): void {
  for (const job of jobsControl(state).jobs.values()) {
    if (job.effect && statusOf(job) === "completed") {
      const effect = job.effect;
      job.effect = undefined;
      const output = effect();
      if (typeof output === "string") job.output = output;
    }
  }
}

// ---------- job creation ----------

/**
 * A Run::task (docs/api/NOTES.md §7.6): CaptainCore stores it queued and only a WebSocket "start" from the web UI runs
 * it, so over REST /my-jobs/{token} keeps answering "queued".
 */
export function queueTask(req: SimRequest, task: { token: string; command: string; targets: string[]; site_id?: number }): void {
  jobsControl(req.state).jobs.set(task.token, {
    token: task.token,
    task_id: req.state.nextId("job_task"),
    user_id: req.user.user_id,
    site_id: task.site_id,
    command: task.command,
    targets: task.targets,
    createdMs: Date.now(),
    queuedMs: 0,
    durationMs: 0,
    output: "",
    outcome: "completed",
    stayQueued: true,
  });
}

function createJob(
  req: SimRequest,
  opts: { command: string; targets: string[]; output: string; durationMs: number; site_id?: number; effect?: () => string | void },
): SimJob {
  const control = jobsControl(req.state);
  const script = control.queue.shift() ?? {};
  const merged = { ...control.defaults, ...script };
  const job: SimJob = {
    token: jobToken(),
    task_id: req.state.nextId("job_task"),
    user_id: req.user.user_id,
    site_id: opts.site_id,
    command: opts.command,
    targets: opts.targets,
    createdMs: Date.now(),
    queuedMs: merged.queuedMs ?? 0,
    durationMs: merged.durationMs ?? opts.durationMs,
    output: merged.output ?? opts.output,
    outcome: merged.outcome ?? "completed",
    stayQueued: merged.stayQueued ?? false,
    effect: merged.outcome === undefined || merged.outcome === "completed" ? opts.effect : undefined,
  };
  control.jobs.set(job.token, job);
  return job;
}

/** async:true → {status:"queued", token}; otherwise the command runs before the answer (Run::execute). */
function answer(req: SimRequest, opts: Parameters<typeof createJob>[1]): unknown {
  if (req.body.async === true || req.body.async === "true") {
    const job = createJob(req, opts);
    return { status: "queued", token: job.token };
  }
  const control = jobsControl(req.state);
  const script = control.queue.shift() ?? {};
  const effectOutput = opts.effect?.();
  return { status: "completed", response: script.output ?? control.defaults.output ?? (typeof effectOutput === "string" ? effectOutput : opts.output) };
}

function ownJob(req: SimRequest): SimJob {
  const job = jobsControl(req.state).jobs.get(req.params.token!);
  if (!job || job.user_id !== req.user.user_id) throw new WpError("not_found", "Job not found.", 404);
  return job;
}

function jobAnswer(job: SimJob, key: "token" | "job_id"): Record<string, unknown> {
  const status = statusOf(job);
  const id = key === "token" ? job.token : String(job.task_id);
  if (status === "completed") return { response: job.output, status, [key]: id };
  if (status === "started" && job.durationMs > 0) {
    const done = Math.min(99, Math.round(((Date.now() - job.createdMs - job.queuedMs) / job.durationMs) * 100));
    return { status, [key]: id, progress: { percent: done } };
  }
  return { status, [key]: id };
}

// ---------- targets ----------

function envById(state: SimState, id: number): SimEnvironment | undefined {
  return state.environments.find((e) => e.environment_id === id);
}

function resolveEnvironment(req: SimRequest, entry: unknown): Target | undefined {
  let env: SimEnvironment | undefined;
  if (typeof entry === "number" || (typeof entry === "string" && /^\d+$/.test(entry))) {
    env = envById(req.state, Number(entry));
  } else if (entry && typeof entry === "object") {
    const obj = entry as Record<string, unknown>;
    const id = obj.environment_id ?? obj.enviroment_id;
    if (id !== undefined) env = envById(req.state, Number(id));
    else if (obj.site_id !== undefined && typeof obj.environment === "string") {
      const name = obj.environment.toLowerCase();
      env = siteEnvironments(req.state, Number(obj.site_id)).find((e) => e.environment.toLowerCase() === name);
    }
  }
  if (!env || !canAccessSite(req.state, req.user, env.site_id)) return undefined;
  const site = req.state.sites.find((s) => s.site_id === env!.site_id)!;
  return { site, env, name: targetName(site, env) };
}

function resolveTargets(req: SimRequest, list: unknown[]): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const entry of list) {
    const t = resolveEnvironment(req, entry);
    if (t && !seen.has(t.name)) {
      seen.add(t.name);
      out.push(t);
    }
  }
  if (!out.length) throw new WpError("invalid_targets", "No valid targets found or permission denied.", 403);
  return out;
}

// ---------- routes ----------

export function register(router: Router): void {
  router.post("/run/code", "login", (req) => {
    const code = typeof req.body.code === "string" ? req.body.code : "";
    if (!code.trim()) throw new WpError("missing_code", "No code provided.", 400);
    const list = req.body.environments;
    if (!Array.isArray(list) || list.length === 0) throw new WpError("missing_environments", "No environments provided.", 400);
    const targets = resolveTargets(req, list);
    for (const t of targets) noteCodeRun(req.state, t.env, code);
    const names = targets.map((t) => t.name);
    const plan = runPlan(req.state, code, targets);
    return answer(req, {
      command: `run ${names.join(" ")} --code=…`,
      targets: names,
      output: plan?.output ?? runOutput(code, targets),
      durationMs: RUN_CODE_DURATION,
      effect: plan?.effect,
    });
  });

  router.post("/sites/cli", "login", (req) => {
    const raw = req.param("post_id");
    const bulk = Array.isArray(raw);
    const ids = (bulk ? (raw as unknown[]) : [raw]).map(Number);
    if (!ids.length) throw new WpError("permission_denied", "Permission denied.", 403);
    const sites = ids.map((id) => requireSite(req, id, "permission_denied"));
    const command = String(req.param("command") ?? "");
    if (!(command in SITE_COMMANDS)) throw new WpError("invalid_command", "Unknown command.", 400);
    const value = req.param("value");
    if (command === "copy" && !canAccessSite(req.state, req.user, Number(value))) {
      throw new WpError("invalid_command", "Unknown command.", 400);
    }
    const environment = req.param("environment");
    // Single site: only the exact string "Staging" targets staging. Bulk: Production | Staging | Both.
    const envNames = bulk
      ? environment === "Both"
        ? ["production", "staging"]
        : environment === "Staging"
          ? ["staging"]
          : ["production"]
      : [environment === "Staging" ? "staging" : "production"];
    const targets = sites.flatMap((site) => envNames.map((e) => (e === "staging" ? `${site.site}-staging` : site.site)));
    const output = commandOutput(command, targets, value);
    if (FOREGROUND_COMMANDS.has(command)) {
      if (command === "run") return `${String(typeof value === "string" ? value : "")}\nSuccess: Command finished.\n`;
      if (command === "remove") {
        // CLI `site delete`: CaptainCore marks the site inactive; it leaves every list.
        for (const site of sites) site.status = "inactive";
        return targets.map((t) => `Success: Site ${t} deleted.`).join("\n") + "\n";
      }
      return output;
    }
    if (command === "backup_download") {
      // Run::background_task without a job-token row: a bare token that /my-jobs does not know.
      return jobToken();
    }
    const effect = siteCommandEffect(req, command, sites, envNames);
    return answer(req, {
      command,
      targets,
      output: effect?.output ?? output,
      durationMs: SITE_COMMANDS[command]!,
      site_id: bulk ? undefined : sites[0]!.site_id,
      effect: effect?.effect,
    });
  });

  router.post("/sites/bulk-tools", "login", (req) => {
    const tool = req.body.tool;
    const list = req.body.environments;
    if (typeof tool !== "string" || !tool || !Array.isArray(list) || list.length === 0) {
      throw new WpError("missing_data", "Tool and at least one environment are required", 400);
    }
    if (!(BULK_TOOLS as readonly string[]).includes(tool)) throw new WpError("invalid_tool", "Invalid tool.", 400);
    const params = (req.body.params ?? {}) as Record<string, unknown>;
    let domain: string | undefined;
    if (tool === "launch") {
      domain = String(params.domain ?? "")
        .replace(/^https?:\/\//, "")
        .replace(/\/+$/, "");
      if (!/^[a-z0-9.-]+$/.test(domain)) throw new WpError("invalid_domain", "Invalid domain.", 400);
    }
    // Environment ids only (numbers or numeric strings).
    const ids = list.filter((e) => typeof e === "number" || (typeof e === "string" && /^\d+$/.test(e)));
    const targets = resolveTargets(req, ids);
    const names = targets.map((t) => t.name);
    return answer(req, {
      command: `bulk ${tool} ${names.join(" ")}`,
      targets: names,
      output: commandOutput(tool, names, domain),
      durationMs: BULK_DURATION,
      effect: tool === "sync-data" ? () => targets.forEach((t) => applySync(req.state, t.site.site_id)) : undefined,
    });
  });

  router.get(
    "/my-jobs/{token}",
    "login",
    async (req) => {
      const control = jobsControl(req.state);
      control.inFlight++;
      control.maxInFlight = Math.max(control.maxInFlight, control.inFlight);
      try {
        if (control.pollDelayMs) await new Promise((r) => setTimeout(r, control.pollDelayMs));
        return jobAnswer(ownJob(req), "token");
      } finally {
        control.inFlight--;
      }
    },
    { token: "[a-zA-Z0-9]+" },
  );

  // Undocumented but real (docs/api/NOTES.md §7.4): cancel one of the caller's jobs.
  router.delete(
    "/my-jobs/{token}",
    "login",
    (req) => {
      const job = ownJob(req);
      const status = statusOf(job);
      if (status === "queued" || status === "started") job.cancelledMs = Date.now();
      return { status: "cancelled" };
    },
    { token: "[a-zA-Z0-9]+" },
  );

  router.get(
    "/jobs/{job_id}",
    "admin",
    (req) => {
      const id = req.params.job_id!;
      const job = [...jobsControl(req.state).jobs.values()].find((j) => String(j.task_id) === id);
      if (!job) return { status: "", job_id: id };
      return jobAnswer(job, "job_id");
    },
    { job_id: "[a-zA-Z0-9-]+" },
  );
}
