/**
 * The run workflow shared by run_code, run_site_command and run_bulk_tool: start with "async": true, remember the
 * job, wait a bounded time with progress, and answer with the output or with a job handle (resource_link plus
 * structuredContent) the agent can follow.
 */
import { CaptainCoreError } from "../client/errors.js";
import type { OperationContext, OperationResult } from "../operations/types.js";
import { rendered } from "../operations/executor.js";
import { knownJob, noteStatus, recordJob, registryKey, type JobEntry } from "./registry.js";
import { capOutput, errorLines, jobView, lastLines, TOOL_OUTPUT_CHARS } from "./view.js";
import { isFinal, waitForJob, type JobAnswer } from "./wait.js";

export const MAX_WAIT_SECONDS = 50;
export const DEFAULT_WAIT_SECONDS = 20;

export interface StartSpec {
  tool: string;
  path: string;
  body: Record<string, unknown>;
  what: string;
  where: string;
  waitSeconds: number;
}

/** The job handle: a resource_link the client can read or subscribe to. */
export function jobLink(entry: { token: string; uri: string }, what?: string) {
  return {
    uri: entry.uri,
    name: `job ${entry.token}`,
    description: what ? `Job: ${what}. Read for status and output; subscribe for changes.` : "Job status and output",
    mimeType: "application/json",
  };
}

/** Output of a command that answered at once (sync answers, foreground /sites/cli commands). */
export function immediateOutput(output: string, extra: Record<string, unknown> = {}): OperationResult {
  const { output: capped, cut } = capOutput(output, TOOL_OUTPUT_CHARS);
  const data: Record<string, unknown> = { status: "completed", finished: true, ...extra, output: capped };
  if (cut) data.output_cut = cut;
  const errors = errorLines(output);
  if (errors.length) {
    data.output_errors = errors;
    data.last_lines = lastLines(output);
  }
  return rendered(data, {
    note: errors.length
      ? `Completed, but the output reports errors (completed only means the command exited): ${errors[0]}`
      : undefined,
  });
}

/** Waits on a known token and renders the outcome; links the handle while the job is not finished. */
export async function waitAndRender(
  ctx: OperationContext,
  token: string,
  waitSeconds: number,
  initial?: JobAnswer,
): Promise<OperationResult> {
  const key = registryKey(ctx);
  const outcome = await waitForJob({
    client: ctx.client,
    token,
    waitMs: waitSeconds * 1000,
    signal: ctx.signal,
    progress: ctx.progress,
    initial,
    onAnswer: (a) => noteStatus(key, token, a.status, isFinal(a.status)),
  });
  const entry = knownJob(key, token);
  const view = jobView(outcome.answer, entry, { reason: outcome.reason, waitedMs: outcome.waitedMs });
  if (!view.finished) {
    await ctx.progress(waitSeconds, waitSeconds, `job ${outcome.answer.status} — returning its handle`);
  }
  return rendered(view.data, {
    note: view.note,
    links: view.finished ? undefined : [jobLink({ token, uri: String(view.data.uri) }, entry?.what)],
  });
}

const BARE_TOKEN = /^[A-Za-z0-9]{20,128}$/;

/** Starts the command with async:true and follows it. */
export async function startAndWait(ctx: OperationContext, spec: StartSpec): Promise<OperationResult> {
  let answer: unknown;
  try {
    answer = await ctx.send({ method: "POST", path: spec.path, body: { ...spec.body, async: true } });
  } catch (err) {
    // Output that starts with "Error: " arrives as an in-band error; it is still the command's output.
    if (err instanceof CaptainCoreError && err.code === "api_error" && !err.serverCode) return immediateOutput(err.message);
    throw err;
  }
  if (typeof answer === "string") {
    if (BARE_TOKEN.test(answer.trim())) {
      return rendered(
        { status: "started", token: answer.trim(), finished: false },
        {
          note:
            "CaptainCore started this in the background but keeps no job record for it, so it cannot be followed with get_job; its result arrives the way the CaptainCore UI reports it (e.g. by email).",
        },
      );
    }
    return immediateOutput(answer);
  }
  const obj = (answer ?? {}) as Record<string, unknown>;
  if (typeof obj.token === "string" && obj.token) {
    const token = obj.token;
    const status = String(obj.status ?? "queued").toLowerCase();
    const entry: JobEntry = recordJob(registryKey(ctx), { token, tool: spec.tool, what: spec.what, where: spec.where, status });
    await ctx.progress(0, spec.waitSeconds, `job ${token} started`);
    return waitAndRender(ctx, entry.token, spec.waitSeconds, { token, status });
  }
  if (typeof obj.response === "string") return immediateOutput(obj.response);
  return rendered(obj);
}
