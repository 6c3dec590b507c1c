/**
 * Image work (decode, diff, encode) runs one call at a time in a server: each holds two decoded captures and a
 * codec heap, so concurrent calls would multiply the memory. Fetches are not queued.
 */
let tail: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = tail.then(work, work);
  tail = run.catch(() => undefined);
  return run;
}
