/**
 * Reading and waiting on a job: GET /my-jobs/{token} (NOTES §7), normalised; a bounded wait with backoff that
 * reports progress, stops at once when the call is cancelled, and does not wait on a token that stays queued
 * (Run::task tokens only start from the CaptainCore UI, NOTES §7.6).
 */
import { CaptainCoreError } from "../client/errors.js";
import type { CaptainCoreClient } from "../client/http.js";

/** Poll timing; tests shorten it with setJobTiming. */
export interface JobTiming {
  /** First poll of a bounded wait, then ×factor up to maxPollMs. */
  firstPollMs: number;
  maxPollMs: number;
  factor: number;
  /** A job still queued after this long is reported, not waited on. */
  queuedGraceMs: number;
  /** Subscriptions: first poll, backoff cap, and how long a poller may live. */
  pollerFirstMs: number;
  pollerMaxMs: number;
  /** After this long, a poller backs off further, to pollerSlowMaxMs: hour-long jobs need no 1.5 s polling. */
  pollerSlowAfterMs: number;
  pollerSlowMaxMs: number;
  pollerLifetimeMs: number;
  /** Polls in flight at once across all subscriptions. */
  maxConcurrentPolls: number;
  /** Jobs watched at once across all subscriptions. */
  maxWatchedJobs: number;
}

export const DEFAULT_TIMING: JobTiming = {
  firstPollMs: 500,
  maxPollMs: 5_000,
  factor: 1.6,
  queuedGraceMs: 8_000,
  pollerFirstMs: 1_000,
  pollerMaxMs: 1_500,
  pollerSlowAfterMs: 10 * 60_000,
  pollerSlowMaxMs: 15_000,
  pollerLifetimeMs: 6 * 3600_000,
  maxConcurrentPolls: 4,
  maxWatchedJobs: 100,
};

export const timing: JobTiming = { ...DEFAULT_TIMING };

/** Changes the timing; returns a function that restores the previous values. */
export function setJobTiming(partial: Partial<JobTiming>): () => void {
  const before = { ...timing };
  Object.assign(timing, partial);
  return () => Object.assign(timing, before);
}

export const FINAL_STATUSES = new Set(["completed", "failed", "cancelled", ""]);

export function isFinal(status: string): boolean {
  return FINAL_STATUSES.has(status);
}

export interface JobAnswer {
  token: string;
  /** queued | started | completed | failed | cancelled | "" (the task vanished). */
  status: string;
  response?: string;
  progress?: unknown;
}

export const TOKEN_PATTERN = /^[A-Za-z0-9]{1,128}$/;

export function jobNotFound(token: string): CaptainCoreError {
  return new CaptainCoreError(
    "not_found",
    `Job ${token} not found: the token is unknown, or the job was started by another CaptainCore user (the API answers the same for both)`,
    { status: 404, serverCode: "not_found" },
  );
}

export function normaliseAnswer(value: unknown, token: string): JobAnswer {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const answer: JobAnswer = { token, status: String(obj.status ?? "").toLowerCase() };
    if (obj.response !== undefined && obj.response !== null) {
      answer.response = typeof obj.response === "string" ? obj.response : JSON.stringify(obj.response);
    }
    if (obj.progress !== undefined && obj.progress !== null && obj.progress !== "") answer.progress = obj.progress;
    return answer;
  }
  // Not the documented shape: keep it as output rather than lose it.
  return { token, status: "completed", response: typeof value === "string" ? value : JSON.stringify(value) };
}

/** One fresh read of GET /my-jobs/{token}. */
export async function fetchJob(client: CaptainCoreClient, token: string, signal?: AbortSignal): Promise<JobAnswer> {
  try {
    const value = await client.request({ method: "GET", path: `/my-jobs/${encodeURIComponent(token)}`, retry: true, signal });
    return normaliseAnswer(value, token);
  } catch (err) {
    if (err instanceof CaptainCoreError) {
      // {status:"completed", response:"Error: …"} reaches us as an in-band error: it is the job's output.
      if (err.code === "api_error" && !err.serverCode) return { token, status: "completed", response: err.message };
      if (err.status === 404 && err.serverCode !== "rest_no_route") throw jobNotFound(token);
    }
    throw err;
  }
}

/** Resolves true after ms, false at once if the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      resolve(false);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export type WaitReason = "final" | "timeout" | "queued" | "cancelled";

export interface WaitOutcome {
  answer: JobAnswer;
  reason: WaitReason;
  waitedMs: number;
}

export interface WaitOptions {
  client: CaptainCoreClient;
  token: string;
  waitMs: number;
  signal?: AbortSignal;
  progress?: (progress: number, total?: number, message?: string) => Promise<void>;
  /** Called with every fresh answer (to update the registry). */
  onAnswer?: (answer: JobAnswer) => void;
  /** The answer already known (e.g. the queued answer of the start call); the first poll then waits firstPollMs. */
  initial?: JobAnswer;
  /** Stop at the first queued answer: the token is not one this process started, so queued means it never starts. */
  stopWhenQueued?: boolean;
}

/** Polls with backoff until a final status, the end of the wait, a stuck queue, or cancellation. */
export async function waitForJob(opts: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const totalSeconds = Math.round(opts.waitMs / 1000);
  let delay = timing.firstPollMs;
  let answer = opts.initial;
  let queuedSince: number | undefined = answer?.status === "queued" ? started : undefined;
  const done = (reason: WaitReason): WaitOutcome => ({
    answer: answer ?? { token: opts.token, status: "queued" },
    reason,
    waitedMs: elapsed(),
  });
  if (answer) {
    if (opts.waitMs <= 0) return done("timeout");
    if (!(await pause(Math.min(delay, opts.waitMs), opts.signal))) return done("cancelled");
    delay = Math.min(delay * timing.factor, timing.maxPollMs);
  }
  for (;;) {
    if (opts.signal?.aborted) return done("cancelled");
    try {
      answer = await fetchJob(opts.client, opts.token, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) return done("cancelled");
      throw err;
    }
    opts.onAnswer?.(answer);
    if (isFinal(answer.status)) return done("final");
    if (answer.status === "queued") {
      if (opts.stopWhenQueued) return done("queued");
      queuedSince ??= Date.now();
      if (Date.now() - queuedSince >= timing.queuedGraceMs) return done("queued");
    } else queuedSince = undefined;
    const left = opts.waitMs - elapsed();
    if (left <= 0) return done("timeout");
    await opts.progress?.(
      Math.min(Math.round(elapsed() / 100) / 10, totalSeconds),
      totalSeconds,
      `job ${answer.status || "unknown"} after ${Math.round(elapsed() / 1000)}s`,
    );
    if (!(await pause(Math.min(delay, left), opts.signal))) return done("cancelled");
    delay = Math.min(delay * timing.factor, timing.maxPollMs);
  }
}
