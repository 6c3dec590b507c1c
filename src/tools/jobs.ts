/**
 * Running code and following the jobs it starts (docs/api/NOTES.md §6-§7). The run tools always send "async": true, wait a
 * bounded time, and answer with the output or a job handle (captaincore://jobs/{token} as a resource_link and in
 * structuredContent); get_job, wait_for_job and cancel_job serve clients whose models cannot read resources.
 */
import { z } from "zod";
import { rewordError } from "./shared.js";
import { HandlerError, InputError, rendered } from "../operations/executor.js";
import { defineOperation, type OperationContext } from "../operations/types.js";
import { Environment, positiveInt } from "../operations/schemas.js";
import { isReadOnlyWpCli } from "../jobs/readonly-cli.js";
import { stripUi } from "../operations/render.js";
import { readJob } from "../jobs/read.js";
import { jobUri } from "../jobs/registry.js";
import { DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS, startAndWait, waitAndRender } from "../jobs/run.js";
import { capOutput, TOOL_OUTPUT_CHARS, waitsForWebApp } from "../jobs/view.js";
import { TOKEN_PATTERN } from "../jobs/wait.js";
import { BULK_TOOLS } from "../bulk-tools.js";
import { commandsOf, DESTRUCTIVE_COMMANDS, SITE_COMMANDS } from "../site-commands.js";

const WaitSeconds = z
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_SECONDS)
  .default(DEFAULT_WAIT_SECONDS);

/** Ids inside unions and arrays: the field's own description says what they are. */

/** A job token; the job URI is accepted too. */
const Token = z
  .string()
  .trim()
  .transform((s) => s.replace(/^captaincore:\/\/jobs\//i, ""))
  .pipe(z.string().regex(TOKEN_PATTERN, "a job token (letters and digits) from a run tool"))
  .describe("Token or captaincore://jobs/ URI");

const lowerCase = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

function firstLine(text: string, max = 80): string {
  const line = text.trim().split(/\r?\n/)[0] ?? "";
  const more = text.trim().includes("\n") ? " …" : "";
  return line.length > max ? `${line.slice(0, max)}…` : `${line}${more}`;
}

function listed(items: string[], max = 4): string {
  return items.length > max ? `${items.slice(0, max).join(", ")} +${items.length - max} more` : items.join(", ");
}

/** Clear messages for the errors a run answers with (docs/api/NOTES.md §6). */
function explainRunErrors<T>(work: () => Promise<T>): Promise<T> {
  return rewordError(
    work,
    (err) => err.serverCode === "invalid_targets",
    "forbidden",
    "No valid targets: none of the environments exists or is visible to this user (check ids with list_site_environments)",
  );
}

type EnvEntry = number | { site_id: number; environment: string };

/** remove deletes the whole site whatever environment is named: a request for one environment is not one for it. */
function wholeSiteOnly(environment: string): void {
  if (environment !== "production") {
    throw new InputError(
      "remove deletes the whole site, production and staging alike: no command deletes only one environment. If the whole site should go, call again with environment production. Nothing was sent.",
    );
  }
}

/**
 * CaptainCore runs remove for anyone with access to the site, although its own delete (DELETE /sites/{id}) is for
 * administrators: this server holds remove to the same rule.
 */
async function administratorsOnly(ctx: OperationContext): Promise<void> {
  const me = (await ctx.call({ method: "GET", path: "/me", params: {} })) as { roles?: unknown };
  if (!(Array.isArray(me?.roles) && me.roles.includes("administrator"))) {
    throw new HandlerError(
      "forbidden",
      "Only administrators delete sites (as with delete_site). To ask for removal, update_site_details with details {removed: true} emails them. Nothing was deleted.",
    );
  }
}

/** run_bulk_tool takes environment ids only; a {site_id, environment} pair (what run_code also takes) gets told so. */
const EnvironmentIdOnly = z
  .number({
    error: (issue) =>
      issue.input !== null && typeof issue.input === "object"
        ? "an environment id (a number: list_sites' environment_ids), not a {site_id, environment} pair as run_code takes"
        : undefined,
  })
  .int()
  .refine((n) => n > 0, "must be a positive id");

export const operations = [
  defineOperation({
    name: "run_code",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/run/code",
    summary: "Run a WP-CLI or bash script on one or more environments",
    words: "run wp-cli command bash script ssh terminal on sites execute code query wordpress wp plugin list custom command run recipe code install activate plugin install theme wp plugin install",
    description:
      "Waits up to wait_seconds for output (error lines surfaced; completed ≠ succeeded), else returns a job token for wait_for_job.",
    input: {
      code: z.string().trim().min(1).max(100_000).describe("Script, e.g. wp plugin list"),
      environments: z
        .array(
          z.union([
            positiveInt,
            z.strictObject({ site_id: positiveInt, environment: Environment }),
          ]),
        )
        .min(1)
        .max(200)
        .describe("Environment ids, or {site_id, environment} pairs"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    // Elicitation-capable clients: the user is asked about any script that is not plainly read-only WP-CLI.
    confirmWhen: (args) => !isReadOnlyWpCli(args.code),
    run: async (args, ctx) => {
      const envs = args.environments as EnvEntry[];
      const where = listed(envs.map((e) => (typeof e === "number" ? `environment ${e}` : `site ${e.site_id} ${e.environment}`)));
      return explainRunErrors(() =>
        startAndWait(ctx, {
          tool: "run_code",
          path: "/run/code",
          body: { code: args.code, environments: envs },
          what: firstLine(args.code),
          where,
          waitSeconds: args.wait_seconds,
        }),
      );
    },
  }),
  defineOperation({
    name: "run_site_command",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/sites/cli",
    summary: "Run a built-in CaptainCore command on one or more sites",
    words: "built-in site command backup launch https copy migrate deploy defaults permissions scan errors",
    commands: commandsOf("command", SITE_COMMANDS),
    description:
      "value: launch domain, copy target site id, migrate backup URL, recipe id, run code, manage wp-cli command, rollback slug, quicksave_file_restore path. remove deletes the site; remove, *-to-*, copy, migrate and rollbacks need confirm: true. Waits like run_code.",
    input: {
      site_id: z.union([positiveInt, z.array(positiveInt).min(1).max(100)]).describe("Site ID, or several"),
      command: z.enum(SITE_COMMANDS),
      environment: z
        .preprocess(lowerCase, z.enum(["production", "staging", "both"]))
        .default("production")
        .describe("production, staging, or both"),
      value: z
        .union([z.string().max(100_000), z.record(z.string(), z.unknown())])
        .optional(),
      fields: z.record(z.string(), z.unknown()).optional().describe("commit, version, addon_type, notes, filters"),
      confirm: z.boolean().optional().describe("For overwriting commands"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    confirmWhen: (args) => DESTRUCTIVE_COMMANDS.has(args.command),
    confirmWhy: (args) =>
      `${args.command} overwrites or deletes data (${args.command === "remove" ? "it deletes the whole site, production and staging, here and at its host" : "it replaces files or the database"})`,
    run: async (args, ctx) => {
      if (args.command === "remove") {
        wholeSiteOnly(args.environment);
        await administratorsOnly(ctx);
      }
      const ids = Array.isArray(args.site_id) ? args.site_id : [args.site_id];
      // Single site: only the exact "Staging" selects staging; several sites: Production | Staging | Both (docs/api/NOTES.md §5).
      const several = Array.isArray(args.site_id) || args.environment === "both";
      const envName = args.environment === "both" ? "Both" : args.environment === "staging" ? "Staging" : "Production";
      const body: Record<string, unknown> = {
        ...(args.fields ?? {}),
        post_id: several ? ids : ids[0],
        command: args.command,
        environment: envName,
      };
      if (args.value !== undefined) body.value = args.value;
      const what = typeof args.value === "string" && args.value ? `${args.command} ${firstLine(args.value, 60)}` : args.command;
      return startAndWait(ctx, {
        tool: "run_site_command",
        path: "/sites/cli",
        body,
        what,
        where: `${ids.length > 1 ? "sites" : "site"} ${listed(ids.map(String))} (${args.environment})`,
        waitSeconds: args.wait_seconds,
      });
    },
  }),
  defineOperation({
    name: "run_bulk_tool",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/sites/bulk-tools",
    summary: "Run a bulk tool (backup, sync, https, launch…) on many environments",
    words: "bulk action many sites at once fleet-wide backup sync https launch",
    commands: commandsOf("tool", BULK_TOOLS),
    description: "Waits like run_code.",
    input: {
      tool: z.enum(BULK_TOOLS),
      environments: z.array(EnvironmentIdOnly).min(1).max(500).describe("Environment IDs (not site ids)"),
      params: z
        .record(z.string(), z.union([z.string().max(500), z.boolean()]))
        .optional()
        .describe("launch {domain}; apply-https {www}; deactivate {business_name, business_link}"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    run: async (args, ctx) => {
      if (args.tool === "launch" && !args.params?.domain) {
        throw new InputError("launch needs params.domain (the site's new domain, e.g. example.com). Nothing was sent.");
      }
      const body: Record<string, unknown> = { tool: args.tool, environments: args.environments };
      if (args.params) body.params = args.params;
      return explainRunErrors(() =>
        startAndWait(ctx, {
          tool: "run_bulk_tool",
          path: "/sites/bulk-tools",
          body,
          what: args.tool,
          where: `environments ${listed(args.environments.map(String))}`,
          waitSeconds: args.wait_seconds,
        }),
      );
    },
  }),
  defineOperation({
    name: "get_job",
    toolset: "jobs",
    core: true,
    method: "GET",
    path: "/my-jobs/{token}",
    summary: "Get a job's status and output now",
    words: "status of a running job is it done output of command task progress",
    description: "Your own jobs only. To wait: wait_for_job.",
    input: { token: Token },
    effect: "read",
    run: async (args, ctx) => readOnce(args.token, ctx),
  }),
  defineOperation({
    name: "wait_for_job",
    toolset: "jobs",
    core: true,
    method: "GET",
    path: "/my-jobs/{token}",
    summary: "Wait for a job to finish, up to wait_seconds, then report it",
    words: "wait until finished block until job done",
    description: "Still running: call again to keep waiting.",
    input: { token: Token, wait_seconds: WaitSeconds },
    effect: "read",
    run: async (args, ctx) => waitAndRender(ctx, args.token, args.wait_seconds),
  }),
  defineOperation({
    name: "cancel_job",
    toolset: "jobs",
    core: true,
    method: "DELETE",
    path: "/my-jobs/{token}",
    summary: "Cancel one of your running jobs",
    words: "stop a running job abort command kill task",
    description: "A finished job is left as is.",
    input: { token: Token },
    effect: "destructive",
    confirmText: "Stops the running command; work it already did is not undone.",
    run: async (args, ctx) => {
      const before = await readJob(ctx, args.token, ctx.signal);
      if (before.final) {
        const view = before.view();
        return rendered(view.data, { note: `Nothing to cancel: ${view.note}` });
      }
      await ctx.call({});
      const read = await readJob(ctx, args.token, ctx.signal);
      const after = read.answer;
      const view = read.view();
      return rendered(
        { ...view.data, cancel_requested: true },
        {
          note:
            after.status === "cancelled"
              ? `Job ${args.token} is cancelled; changes it made before stopping stay.`
              : `Cancel sent; job ${args.token} is ${after.status || "unknown"} now. Check again with get_job.`,
        },
      );
    },
  }),
  defineOperation({
    name: "get_cli_job",
    toolset: "jobs",
    method: "GET",
    path: "/jobs/{job_id}",
    summary: "Admin: get a CLI task by numeric id (not a job token)",
    words: "cli task by numeric id background task details",
    description: "For job tokens use get_job.",
    input: {
      job_id: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, "a CLI task id: 1-64 letters, digits or -"),
    },
    effect: "read",
    render: (data) => {
      const obj = (stripUi(data) ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = { job_id: obj.job_id, status: obj.status === "" ? "unknown" : obj.status };
      if (typeof obj.response === "string") {
        const { output, cut } = capOutput(obj.response, TOOL_OUTPUT_CHARS);
        out.output = output;
        if (cut) out.output_cut = cut;
      }
      if (obj.progress !== undefined) out.progress = obj.progress;
      return out;
    },
  }),
];

async function readOnce(token: string, ctx: OperationContext) {
  const read = await readJob(ctx, token, ctx.signal);
  const view = read.view();
  // A Run::task token never starts from the API: no handle to follow (jobs/view.ts).
  const follow = !view.finished && !waitsForWebApp(read.answer, read.entry);
  return rendered(view.data, {
    note: view.note,
    links: follow ? [{ uri: jobUri(token), name: `job ${token}`, mimeType: "application/json" }] : undefined,
  });
}
