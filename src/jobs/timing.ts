/** How often and how long jobs are polled: a service on the server context, so each test server sets its own. */
import type { ServicesHolder } from "./registry.js";

/** Poll timing of one server (or of the servers that share its services); tests shorten it with setJobTiming. */
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

export function timingOf(holder: ServicesHolder): JobTiming {
  return (holder.services.jobTiming ??= { ...DEFAULT_TIMING }) as JobTiming;
}

/** Changes a server's timing (through its context or services); returns a function that restores the previous values. */
export function setJobTiming(holder: ServicesHolder, partial: Partial<JobTiming>): () => void {
  const timing = timingOf(holder);
  const before = { ...timing };
  Object.assign(timing, partial);
  return () => Object.assign(timing, before);
}
