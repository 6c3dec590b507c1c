/**
 * The jobs this server started, per CaptainCore site and user: a service on the server context (the HTTP transport
 * shares one across its servers, so resources/list works across stateless requests and sessions), bounded, newest
 * first. Only a convenience: job reads are stateless and re-read /my-jobs/{token}, so a token from before a restart
 * still works; it just lacks "what and where".
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

/** The service: one table of jobs per CaptainCore base URL and user. */
export class JobRegistry {
  readonly tables = new Map<string, Map<string, JobEntry>>();
}

/** Where the registry lives on a server context (ServerContext.services, OperationContext.services). */
export interface ServicesHolder {
  services: Record<string, unknown>;
}

export function registryOf(holder: ServicesHolder): JobRegistry {
  return (holder.services.jobRegistry ??= new JobRegistry()) as JobRegistry;
}

/** A table of the registry: the jobs of one CaptainCore base URL and user. */
export interface RegistryKey {
  registry: JobRegistry;
  id: string;
}

export function jobUri(token: string): string {
  return `${JOB_URI_PREFIX}${token}`;
}

/** One table per CaptainCore base URL and user: another user's jobs are not theirs to list. */
export function registryKey(ctx: ServicesHolder & { config: { baseUrl: string; username: string } }): RegistryKey {
  return { registry: registryOf(ctx), id: `${ctx.config.baseUrl}\n${ctx.config.username.toLowerCase()}` };
}

function table(key: RegistryKey): Map<string, JobEntry> {
  let t = key.registry.tables.get(key.id);
  if (!t) {
    t = new Map();
    key.registry.tables.set(key.id, t);
  }
  return t;
}

export function recordJob(key: RegistryKey, job: Omit<JobEntry, "uri" | "started_at" | "startedMs" | "status"> & { status?: string }): JobEntry {
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

export function knownJob(key: RegistryKey, token: string): JobEntry | undefined {
  return key.registry.tables.get(key.id)?.get(token);
}

/** Remembers the last status seen (and when it became final). */
export function noteStatus(key: RegistryKey, token: string, status: string, final: boolean): void {
  const entry = knownJob(key, token);
  if (!entry) return;
  entry.status = status;
  if (final && entry.finishedMs === undefined) entry.finishedMs = Date.now();
}

/** Newest first. */
export function listJobs(key: RegistryKey): JobEntry[] {
  return [...(key.registry.tables.get(key.id)?.values() ?? [])].reverse();
}

/** Forget everything, as a process restart would (tests, through the server's context). */
export function forgetAllJobs(holder: ServicesHolder): void {
  registryOf(holder).tables.clear();
}
