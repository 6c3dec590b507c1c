/**
 * Subscriptions to captaincore://jobs/{token}: one background poller per job (shared by every session that shares
 * this service — the HTTP transport shares one across its sessions — and subscribed to it with the same CaptainCore
 * site and user), with backoff, a cap on polls in flight
 * and on jobs watched. A status change sends notifications/resources/updated to each subscriber; the poller stops
 * at a final status, when the job is not found, after repeated errors, on the last unsubscribe, or when the last
 * subscribing session closes.
 */
import type { ServerContext } from "../context.js";
import { jobUri, registryKey, knownJob, type RegistryKey, type ServicesHolder } from "./registry.js";
import { CaptainCoreError } from "../client/errors.js";
import { readJob } from "./read.js";
import { timing } from "./wait.js";

interface Poller {
  id: string;
  key: RegistryKey;
  /** The service it belongs to. */
  state: PollerState;
  token: string;
  uri: string;
  subscribers: Set<ServerContext>;
  /** Last status the subscribers can be assumed to know. */
  lastStatus?: string;
  delayMs: number;
  createdMs: number;
  errors: number;
  timer?: NodeJS.Timeout;
  /** Due and waiting for a free slot. */
  waiting: boolean;
  polling: boolean;
  stopped: boolean;
  abort: AbortController;
}

/** The service: every poller of the servers that share it, the queue of polls waiting for a slot, and counters. */
export class PollerState {
  readonly pollers = new Map<string, Poller>();
  readonly waitingQueue: Poller[] = [];
  inFlight = 0;
  readonly stats = { polls: 0, maxInFlight: 0, notifications: 0 };
}

export function pollersOf(holder: ServicesHolder): PollerState {
  return (holder.services.jobPollers ??= new PollerState()) as PollerState;
}

export interface PollerStats {
  /** Jobs watched now. */
  watched: number;
  /** Polls in flight now, and the most ever at once. */
  inFlight: number;
  maxInFlight: number;
  polls: number;
  notifications: number;
}

export function pollerStats(holder: ServicesHolder): PollerStats {
  const state = pollersOf(holder);
  return { watched: state.pollers.size, inFlight: state.inFlight, ...state.stats };
}

export function resetPollerStats(holder: ServicesHolder): void {
  const state = pollersOf(holder);
  state.stats.polls = 0;
  state.stats.maxInFlight = state.inFlight;
  state.stats.notifications = 0;
}

function idOf(key: RegistryKey, token: string): string {
  return `${key.id}\n${token}`;
}

export class TooManySubscriptions extends Error {}

/** Starts (or joins) the poller of a job. */
export function subscribeJob(ctx: ServerContext, token: string): void {
  const key = registryKey(ctx);
  const state = pollersOf(ctx);
  const id = idOf(key, token);
  let poller = state.pollers.get(id);
  if (!poller) {
    if (state.pollers.size >= timing.maxWatchedJobs) {
      throw new TooManySubscriptions(
        `Already watching ${state.pollers.size} jobs, the most this server follows at once. Unsubscribe from finished jobs, or poll with get_job.`,
      );
    }
    poller = {
      id,
      key,
      state,
      token,
      uri: jobUri(token),
      subscribers: new Set(),
      lastStatus: knownJob(key, token)?.status,
      delayMs: timing.pollerFirstMs,
      createdMs: Date.now(),
      errors: 0,
      waiting: false,
      polling: false,
      stopped: false,
      abort: new AbortController(),
    };
    state.pollers.set(id, poller);
    schedule(poller, Math.min(timing.pollerFirstMs, 250));
  }
  poller.subscribers.add(ctx);
}

export function unsubscribeJob(ctx: ServerContext, token: string): void {
  const poller = pollersOf(ctx).pollers.get(idOf(registryKey(ctx), token));
  if (!poller) return;
  poller.subscribers.delete(ctx);
  if (poller.subscribers.size === 0) stop(poller);
}

/** The session ended: drop it from every poller; pollers left without subscribers stop. */
export function closeSubscriber(ctx: ServerContext): void {
  for (const poller of [...pollersOf(ctx).pollers.values()]) {
    if (poller.subscribers.delete(ctx) && poller.subscribers.size === 0) stop(poller);
  }
}

function stop(poller: Poller): void {
  if (poller.stopped) return;
  poller.stopped = true;
  if (poller.timer) clearTimeout(poller.timer);
  poller.abort.abort();
  const { waitingQueue, pollers } = poller.state;
  const i = waitingQueue.indexOf(poller);
  if (i >= 0) waitingQueue.splice(i, 1);
  pollers.delete(poller.id);
}

function schedule(poller: Poller, ms: number): void {
  if (poller.stopped) return;
  poller.timer = setTimeout(() => {
    poller.timer = undefined;
    due(poller);
  }, ms);
  poller.timer.unref?.();
}

function due(poller: Poller): void {
  if (poller.stopped) return;
  if (poller.state.inFlight >= timing.maxConcurrentPolls) {
    poller.waiting = true;
    poller.state.waitingQueue.push(poller);
    return;
  }
  void poll(poller);
}

function nextWaiting(state: PollerState): void {
  while (state.inFlight < timing.maxConcurrentPolls && state.waitingQueue.length) {
    const next = state.waitingQueue.shift()!;
    next.waiting = false;
    if (!next.stopped) void poll(next);
  }
}

async function notify(poller: Poller): Promise<void> {
  poller.state.stats.notifications++;
  await Promise.all([...poller.subscribers].map((ctx) => ctx.notifyResourceUpdated(poller.uri).catch(() => {})));
}

async function poll(poller: Poller): Promise<void> {
  const ctx = poller.subscribers.values().next().value as ServerContext | undefined;
  if (!ctx) return stop(poller);
  const state = poller.state;
  state.inFlight++;
  state.stats.polls++;
  state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.inFlight);
  poller.polling = true;
  let final = false;
  try {
    const { answer, final: done } = await readJob(ctx, poller.token, poller.abort.signal);
    poller.errors = 0;
    final = done;
    // The first answer is only news if it is final or differs from what the client was last told.
    if (answer.status !== poller.lastStatus && (poller.lastStatus !== undefined || final)) await notify(poller);
    poller.lastStatus = answer.status;
  } catch (err) {
    if (!poller.stopped) {
      if (err instanceof CaptainCoreError && err.code === "not_found") {
        final = true;
        await notify(poller); // a re-read will say "job not found"
      } else if (++poller.errors >= 5) {
        final = true;
        ctx.log("warning", `Stopped following job ${poller.token} after ${poller.errors} failed polls: ${(err as Error).message}`);
      }
    }
  } finally {
    state.inFlight--;
    poller.polling = false;
  }
  if (final || Date.now() - poller.createdMs > timing.pollerLifetimeMs) stop(poller);
  else {
    // Subscribers want to hear of completion within about a second; polls stay light (one GET per watched job,
    // at most maxConcurrentPolls in flight) and slow down once a job has run for a while.
    const cap = Date.now() - poller.createdMs > timing.pollerSlowAfterMs ? timing.pollerSlowMaxMs : timing.pollerMaxMs;
    poller.delayMs = Math.min(poller.delayMs * 1.5, cap);
    schedule(poller, poller.delayMs);
  }
  nextWaiting(state);
}
