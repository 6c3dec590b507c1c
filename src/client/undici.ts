/**
 * The two pieces of undici the client uses — the connection pool and its `request` API — loaded without the rest.
 * `import { Pool } from "undici"` evaluates all of undici (fetch, WebSocket, cache, cookies; cookies touch
 * globalThis.Headers, which loads Node's own bundled undici too): ~100 ms of every start (BENCHMARKS.md).
 * These are undici's internal paths (no "exports" map guards them), so package.json pins undici to 7.30.x.
 */
import { createRequire } from "node:module";
import type { Dispatcher, Pool as PoolType } from "undici";

const require = createRequire(import.meta.url);

export const Pool = require("undici/lib/dispatcher/pool.js") as typeof PoolType;

const apiRequest = require("undici/lib/api/api-request.js") as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** pool.request(options), which undici's index would have installed on every dispatcher. */
export function poolRequest(pool: PoolType, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(pool, options);
}
