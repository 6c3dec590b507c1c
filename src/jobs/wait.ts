/**
 * Waiting on a job: a bounded wait with backoff that reads the job through readJob (read.ts), reports progress, stops at
 * once when the call is cancelled, and does not wait on a token that stays queued (Run::task tokens only start from
 * the CaptainCore UI, docs/api/NOTES.md §7.6).
 */
import { readJob, type ReaderEnv } from "./read.js";
import { timingOf } from "./timing.js";
import { isFinal, type JobAnswer } from "./answer.js";

export { FINAL_STATUSES, fetchJob, isFinal, jobNotFound, normaliseAnswer, TOKEN_PATTERN, type JobAnswer } from "./answer.js";

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
  /** Whose job: the client, credentials and services (timing, registry) of the server. */
  env: ReaderEnv;
  token: string;
  waitMs: number;
  signal?: AbortSignal;
  progress?: (progress: number, total?: number, message?: string) => Promise<void>;
  /** The answer already known (e.g. the queued answer of the start call); the first poll then waits firstPollMs. */
  initial?: JobAnswer;
  /** Called with every fresh answer (readJob has already recorded its status). */
  onAnswer?: (answer: JobAnswer) => void;
  /** Stop at the first queued answer: the token is not one this process started, so queued means it never starts. */
  stopWhenQueued?: boolean;
}

/** Polls with backoff until a final status, the end of the wait, a stuck queue, or cancellation. */
export async function waitForJob(opts: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const totalSeconds = Math.round(opts.waitMs / 1000);
  const timing = timingOf(opts.env);
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
      answer = (await readJob(opts.env, opts.token, opts.signal)).answer;
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
