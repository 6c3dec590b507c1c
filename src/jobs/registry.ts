/**
 * The jobs this process started, per CaptainCore site and user: module-level (so resources/list works across
 * stateless HTTP sessions), bounded, newest first. Only a convenience: job reads are stateless and re-read
 * /my-jobs/{token}, so a token from before a restart still works; it just lacks "what and where".
 */

export const JOB_URI_PREFIX = "captaincore://jobs/";
export const MAX_JOBS = 100;

export interface JobEntry {
  token: string;
  uri: string;
  /** The tool that started it: run_code, run_site_command, run_bulk_tool. */
  tool: string;
  /** What was run: first line of the script, the command or the tool. */
  what: string;
  /** Where: environments or sites. */
  where: string;
  started_at: string;
  startedMs: number;
  /** Last status seen by this process. */
  status: string;
  finishedMs?: number;
}

const registries = new Map<string, Map<string, JobEntry>>();

export function jobUri(token: string): string {
  return `${JOB_URI_PREFIX}${token}`;
}

/** One registry per CaptainCore base URL and user: another user's jobs are not theirs to list. */
export function registryKey(config: { baseUrl: string; username: string }): string {
  return `${config.baseUrl}\n${config.username.toLowerCase()}`;
}

function table(key: string): Map<string, JobEntry> {
  let t = registries.get(key);
  if (!t) {
    t = new Map();
    registries.set(key, t);
  }
  return t;
}

export function recordJob(key: string, job: Omit<JobEntry, "uri" | "started_at" | "startedMs" | "status"> & { status?: string }): JobEntry {
  const t = table(key);
  const now = Date.now();
  const entry: JobEntry = {
    ...job,
    uri: jobUri(job.token),
    started_at: new Date(now).toISOString(),
    startedMs: now,
    status: job.status ?? "queued",
  };
  t.delete(job.token);
  t.set(job.token, entry);
  while (t.size > MAX_JOBS) t.delete(t.keys().next().value!);
  return entry;
}

export function knownJob(key: string, token: string): JobEntry | undefined {
  return registries.get(key)?.get(token);
}

/** Remembers the last status seen (and when it became final). */
export function noteStatus(key: string, token: string, status: string, final: boolean): void {
  const entry = knownJob(key, token);
  if (!entry) return;
  entry.status = status;
  if (final && entry.finishedMs === undefined) entry.finishedMs = Date.now();
}

/** Newest first. */
export function listJobs(key: string): JobEntry[] {
  return [...(registries.get(key)?.values() ?? [])].reverse();
}

/** Forget everything, as a process restart would (tests). */
export function forgetAllJobs(): void {
  registries.clear();
}
