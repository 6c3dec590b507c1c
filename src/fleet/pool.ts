/**
 * Bounded fan-out: at most `concurrency` workers at once over a list, stopping early when the signal aborts. A
 * worker that meets a 429 pauses every worker (the host asked the whole client to slow down) before trying again.
 */
import { CaptainCoreError } from "../client/errors.js";
import { pause } from "../jobs/wait.js";

export interface PoolOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Tries per item after a rate limit (the client already waited out each Retry-After it was given). */
  rateLimitTries?: number;
  /** Pause of every worker after a rate limit that outlasted the client's own retries. */
  rateLimitPauseMs?: number;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `work` over `items` with bounded concurrency; results keep the order of `items`. */
export async function mapPool<I, T>(
  items: readonly I[],
  work: (item: I) => Promise<T>,
  opts: PoolOptions,
  onSettled?: (done: number, total: number) => void,
): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array(items.length);
  let next = 0;
  let done = 0;
  let resumeAt = 0;
  const tries = opts.rateLimitTries ?? 3;
  const pauseMs = opts.rateLimitPauseMs ?? 2_000;

  const runOne = async (item: I): Promise<Settled<T>> => {
    for (let attempt = 1; ; attempt++) {
      const wait = resumeAt - Date.now();
      if (wait > 0 && !(await pause(wait, opts.signal))) return { ok: false, error: cancelled() };
      try {
        return { ok: true, value: await work(item) };
      } catch (error) {
        const limited = error instanceof CaptainCoreError && error.code === "rate_limited";
        if (!limited || attempt >= tries || opts.signal?.aborted) return { ok: false, error };
        resumeAt = Math.max(resumeAt, Date.now() + pauseMs * attempt);
      }
    }
  };

  const worker = async () => {
    while (next < items.length) {
      if (opts.signal?.aborted) return;
      const index = next++;
      results[index] = await runOne(items[index]!);
      onSettled?.(++done, items.length);
    }
  };
  const count = Math.max(1, Math.min(opts.concurrency, items.length));
  await Promise.all(Array.from({ length: count }, worker));
  for (let i = 0; i < items.length; i++) results[i] ??= { ok: false, error: cancelled() };
  return results;
}

function cancelled(): CaptainCoreError {
  return new CaptainCoreError("cancelled", "The call was cancelled before this site was read.");
}
