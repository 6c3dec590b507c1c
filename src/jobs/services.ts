/**
 * The job services a server keeps on its context (ServerContext.services): the registry of jobs it started and the
 * pollers of subscribed jobs, and their timing. A server creates its own on first use; a transport that runs many servers (HTTP) makes
 * one set and hands it to each, so that jobs and subscriptions are shared across its requests and sessions.
 */
import { PollerState } from "./poller.js";
import { JobRegistry } from "./registry.js";
import { DEFAULT_TIMING } from "./timing.js";

export function createJobServices(): Record<string, unknown> {
  const jobTiming = { ...DEFAULT_TIMING };
  return { jobRegistry: new JobRegistry(), jobPollers: new PollerState(jobTiming), jobTiming };
}
