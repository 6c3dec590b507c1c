/**
 * Limits per caller of the HTTP transport: how many requests one caller may have in flight, and how many it may
 * send per minute (a token bucket that holds up to a minute's worth). A caller is one credential (per-user mode) or
 * the shared identity. The table is bounded: callers with nothing in flight and a full bucket carry no information
 * and are dropped when it fills up. Limits hold per instance: behind N instances a caller gets up to N times them.
 */
import type { CallerLimits } from "../config.js";

export const MAX_TRACKED_CALLERS = 10_000;

interface CallerState {
  inFlight: number;
  /** Requests the caller may still send now (fractional while refilling). */
  tokens: number;
  refilledMs: number;
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: "concurrency" | "rate" | "callers"; retryAfterSeconds: number; message: string };

export interface LimiterStats {
  /** Callers tracked now (bounded by MAX_TRACKED_CALLERS). */
  callers: number;
  inFlight: number;
  admitted: number;
  refusedConcurrency: number;
  refusedRate: number;
  refusedCallers: number;
  /** The most requests any one caller had in flight at once. */
  peakInFlightPerCaller: number;
}

export class CallerLimiter {
  private readonly callers = new Map<string, CallerState>();
  private readonly counts = { admitted: 0, refusedConcurrency: 0, refusedRate: 0, refusedCallers: 0, peak: 0 };
  private readonly refillPerMs: number;

  constructor(
    readonly limits: CallerLimits,
    private readonly maxCallers = MAX_TRACKED_CALLERS,
  ) {
    this.refillPerMs = limits.ratePerMinute / 60_000;
  }

  get enabled(): boolean {
    return this.limits.maxConcurrent > 0 || this.limits.ratePerMinute > 0;
  }

  /**
   * Admits one request of `key` or says why not. `holdsSlot` is false for requests that stay open without work
   * (a session's GET stream): they count against the rate only.
   */
  admit(key: string, holdsSlot = true): Admission {
    if (!this.enabled) return { ok: true, release: () => {} };
    const now = Date.now();
    const state = this.stateOf(key, now);
    if (!state) return this.refuse("callers", 5, "The server is tracking as many callers as it can; try again in a few seconds.");
    this.refill(state, now);
    const { maxConcurrent, ratePerMinute } = this.limits;
    if (holdsSlot && maxConcurrent > 0 && state.inFlight >= maxConcurrent) {
      return this.refuse(
        "concurrency",
        1,
        `Too many requests in flight for this caller (${maxConcurrent} at once, CAPTAINCORE_MCP_MAX_CONCURRENT): wait for one to finish, then retry.`,
      );
    }
    if (ratePerMinute > 0 && state.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - state.tokens) / this.refillPerMs / 1000));
      return this.refuse(
        "rate",
        seconds,
        `Rate limit reached for this caller (${ratePerMinute} requests per minute, CAPTAINCORE_MCP_RATE_LIMIT): retry after ${seconds} s.`,
      );
    }
    if (ratePerMinute > 0) state.tokens -= 1;
    this.counts.admitted++;
    if (!holdsSlot) return { ok: true, release: () => {} };
    state.inFlight++;
    this.counts.peak = Math.max(this.counts.peak, state.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.inFlight--;
      },
    };
  }

  stats(): LimiterStats {
    let inFlight = 0;
    for (const s of this.callers.values()) inFlight += s.inFlight;
    const { admitted, refusedConcurrency, refusedRate, refusedCallers, peak } = this.counts;
    return { callers: this.callers.size, inFlight, admitted, refusedConcurrency, refusedRate, refusedCallers, peakInFlightPerCaller: peak };
  }

  private refuse(reason: "concurrency" | "rate" | "callers", retryAfterSeconds: number, message: string): Admission {
    if (reason === "concurrency") this.counts.refusedConcurrency++;
    else if (reason === "rate") this.counts.refusedRate++;
    else this.counts.refusedCallers++;
    return { ok: false, reason, retryAfterSeconds, message };
  }

  private refill(state: CallerState, now: number): void {
    const capacity = this.limits.ratePerMinute;
    if (capacity <= 0) return;
    state.tokens = Math.min(capacity, state.tokens + (now - state.refilledMs) * this.refillPerMs);
    state.refilledMs = now;
  }

  private stateOf(key: string, now: number): CallerState | undefined {
    const known = this.callers.get(key);
    if (known) return known;
    if (this.callers.size >= this.maxCallers) this.dropIdle(now);
    if (this.callers.size >= this.maxCallers) return undefined;
    const fresh: CallerState = { inFlight: 0, tokens: this.limits.ratePerMinute, refilledMs: now };
    this.callers.set(key, fresh);
    return fresh;
  }

  /** Forgets callers that would look new anyway: nothing in flight and a full bucket. */
  private dropIdle(now: number): void {
    for (const [key, state] of this.callers) {
      if (state.inFlight > 0) continue;
      this.refill(state, now);
      if (this.limits.ratePerMinute <= 0 || state.tokens >= this.limits.ratePerMinute) this.callers.delete(key);
    }
  }
}
