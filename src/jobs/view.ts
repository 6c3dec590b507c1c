/**
 * What an agent sees of a job: status, what ran where, elapsed time, the output (capped, with a note when cut),
 * the lines that look like errors (a "completed" job only means the command exited, docs/api/NOTES.md §6), and what to do next.
 */
import type { JobEntry } from "./registry.js";
import { jobUri } from "./registry.js";
import { isFinal, type JobAnswer, type WaitReason } from "./wait.js";

/** Output kept in tool results; resources keep more. */
export const TOOL_OUTPUT_CHARS = 12_000;
export const RESOURCE_OUTPUT_CHARS = 60_000;
const HEAD_CHARS = 1_500;

const ERROR_LINE =
  /^\s*(?:PHP\s+)?(?:Fatal error|Parse error|Error:|Warning: .*(?:fail|denied|not found))|command not found|No such file or directory|Permission denied|401 - Unauthorized|Traceback \(most recent call last\)|^\s*failed\b/i;

/** Keeps the start and the end (errors are usually at the end). */
export function capOutput(text: string, max: number): { output: string; cut?: string } {
  if (text.length <= max) return { output: text };
  const head = Math.min(HEAD_CHARS, Math.floor(max / 4));
  const tail = max - head;
  const dropped = text.length - head - tail;
  return {
    output: `${text.slice(0, head)}\n…[${dropped} characters cut]…\n${text.slice(-tail)}`,
    cut: `kept the first ${head} and last ${tail} of ${text.length} characters`,
  };
}

export function errorLines(text: string, max = 5): string[] {
  const found: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (ERROR_LINE.test(line)) {
      const clean = line.trim().slice(0, 300);
      if (!found.includes(clean)) found.push(clean);
      if (found.length >= max) break;
    }
  }
  return found;
}

export function lastLines(text: string, n = 5): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .map((l) => l.slice(0, 300));
}

export interface ViewOptions {
  outputChars?: number;
  /** Why a wait ended (tool results). */
  reason?: WaitReason;
  waitedMs?: number;
}

export interface JobView {
  data: Record<string, unknown>;
  note: string;
  finished: boolean;
}

/**
 * A queued token this process did not start is a Run::task token (settings, Fathom, the queued rollback and sync
 * routes, docs/api/NOTES.md §7.6): jobs started through /run/code, /sites/cli and /sites/bulk-tools with async start at once,
 * so only those tasks are seen queued; they start when the CaptainCore web app opens, never from the API.
 */
export function waitsForWebApp(answer: JobAnswer, entry: JobEntry | undefined): boolean {
  return answer.status === "queued" && entry === undefined;
}

export const WEB_APP_TASK_NOTE =
  "It is a CaptainCore task that only the CaptainCore web app starts; over the API it stays queued, so waiting or polling will not move it. " +
  "Settings and tracking-code changes were saved when it was queued (the task only re-syncs the site). To do the work now: " +
  "rollback_quicksave (it runs through /sites/cli), sync_site_data or run_site_command sync-data.";

export function jobView(answer: JobAnswer, entry: JobEntry | undefined, opts: ViewOptions = {}): JobView {
  const { token } = answer;
  const finished = isFinal(answer.status);
  if (waitsForWebApp(answer, entry)) {
    return {
      data: { status: "queued", token, finished: false, starts_from_api: false },
      note: `Job ${token} is queued and will stay queued. ${WEB_APP_TASK_NOTE}`,
      finished: false,
    };
  }
  const data: Record<string, unknown> = {
    status: answer.status === "" ? "unknown" : answer.status,
    token,
    uri: jobUri(token),
    finished,
  };
  if (entry) {
    data.ran = entry.what;
    data.on = entry.where;
    data.started_at = entry.started_at;
    const end = finished ? (entry.finishedMs ?? Date.now()) : Date.now();
    data.elapsed_seconds = Math.round((end - entry.startedMs) / 1000);
  }
  if (answer.progress !== undefined) data.progress = answer.progress;
  let errors: string[] = [];
  if (answer.response !== undefined) {
    const { output, cut } = capOutput(answer.response, opts.outputChars ?? TOOL_OUTPUT_CHARS);
    data.output = output;
    if (cut) data.output_cut = `${cut}; read ${jobUri(token)} for up to ${RESOURCE_OUTPUT_CHARS} characters`;
    errors = errorLines(answer.response);
    if (errors.length) {
      data.output_errors = errors;
      data.last_lines = lastLines(answer.response);
    }
  }
  return { data, note: noteFor(answer, errors, opts), finished };
}

function noteFor(answer: JobAnswer, errors: string[], opts: ViewOptions): string {
  const t = answer.token;
  const follow = `Follow it with wait_for_job or get_job (token ${t}), or read/subscribe to ${jobUri(t)}.`;
  switch (answer.status) {
    case "completed":
      return errors.length
        ? `Job ${t} completed, but its output reports errors (completed only means the command exited): ${errors[0]}`
        : answer.response === undefined || answer.response.trim() === ""
          ? `Job ${t} completed with no output.`
          : `Job ${t} completed.`;
    case "failed":
      return `Job ${t} failed: CaptainCore's CLI could not start the command, so there is no output. Check the targets and run it again.`;
    case "cancelled":
      return `Job ${t} was cancelled.`;
    case "":
      return `CaptainCore reports an empty status for job ${t}: its CLI no longer knows the task, and the output is lost.`;
  }
  const waited = opts.waitedMs !== undefined ? ` after ${Math.round(opts.waitedMs / 1000)} s` : "";
  if (opts.reason === "cancelled") {
    return `Stopped waiting${waited} because the call was cancelled; job ${t} goes on (${answer.status}). ${follow}`;
  }
  if (answer.status === "queued" && opts.reason === "queued") {
    return `Job ${t} is still queued${waited}. Tasks queued this way only start when the CaptainCore web UI starts them; over the API they stay queued, so it is not waited on. Start it from CaptainCore, or run the command again with a run tool.`;
  }
  return `Job ${t} is ${answer.status === "started" ? "still running" : answer.status}${waited}; it goes on without you. ${follow}`;
}
