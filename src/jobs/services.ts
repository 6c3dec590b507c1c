/**
 * The job services a server keeps on its context (ServerContext.services): the registry of jobs it started and the
 * pollers of subscribed jobs. A server creates its own on first use; a transport that runs many servers (HTTP) makes
 * one set and hands it to each, so that jobs and subscriptions are shared across its requests and sessions.
 */
import { PollerState } from "./poller.js";
import { JobRegistry } from "./registry.js";

export function createJobServices(): Record<string, unknown> {
  return { jobRegistry: new JobRegistry(), jobPollers: new PollerState() };
}
