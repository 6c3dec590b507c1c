/**
 * Fault injection (issue 9 §2) through the simulator's hooks, for a read and for writes of every method (and a GET
 * that changes state): 500 (JSON and HTML), 502/503/504, 429 with Retry-After, 401, 403, connection reset, an
 * answer slower than the timeout, invalid JSON, a body over the cap. Every case: a clear isError within the
 * timeout plus retry budget, the server alive after, reads retried within budget, writes sent exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Fault } from "../src/simulator/index.js";
import { data, errorOf, startHarness, text, type Harness } from "./harness.js";

const TIMEOUT_MS = 500;
/** The client retries idempotent reads at most twice: 3 attempts. */
const MAX_ATTEMPTS = 3;
/** Backoff before retries 1 and 2: 200 and 400 ms plus up to 50 % jitter. */
const BACKOFF_MS = (200 + 400) * 1.5;
const RETRY_AFTER_S = 1;
const SLACK_MS = 1500;

interface Target {
  tool: string;
  args: Record<string, unknown>;
  method: string;
  path: RegExp;
  retried: boolean;
}

const TARGETS: Target[] = [
  { tool: "get_site", args: { site_id: 1 }, method: "GET", path: /^\/sites\/1$/, retried: true },
  { tool: "create_recipe", args: { title: "Fault test", content: "wp cache flush" }, method: "POST", path: /^\/recipes$/, retried: false },
  { tool: "update_recipe", args: { recipe_id: 10, title: "Flush", content: "wp cache flush" }, method: "PUT", path: /^\/recipes\/10$/, retried: false },
  { tool: "delete_recipe", args: { recipe_id: 11, confirm: true }, method: "DELETE", path: /^\/recipes\/11$/, retried: false },
  // A GET that starts work on the server (docs/api/NOTES.md §10): never retried either.
  { tool: "create_capture", args: { site_id: 1, environment: "production" }, method: "GET", path: /^\/sites\/1\/production\/captures\/new$/, retried: false },
];

interface Case {
  name: string;
  fault: Omit<Fault, "method" | "path" | "times">;
  code: string;
  /** Retried when the request is an idempotent read. */
  retryable: boolean;
  /** Text the error must contain (case-insensitive). */
  says: RegExp;
  /** Served by a harness with a longer timeout (reading 16 MB on a busy machine can take longer than TIMEOUT_MS). */
  slowHarness?: boolean;
}

const HTML_500 =
  "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>";

const CASES: Case[] = [
  {
    name: "500 with a WordPress JSON error",
    fault: { status: 500, body: { code: "internal_server_error", message: "There has been a critical error on this website.", data: { status: 500 } } },
    code: "server_error",
    retryable: false,
    says: /critical error/i,
  },
  { name: "500 with an HTML page", fault: { status: 500, raw: HTML_500, contentType: "text/html; charset=UTF-8" }, code: "server_error", retryable: false, says: /internal server error/i },
  { name: "502", fault: { status: 502, raw: "<html><body>Bad Gateway</body></html>", contentType: "text/html" }, code: "server_error", retryable: true, says: /502/ },
  { name: "503", fault: { status: 503, raw: "<html><body>Service Unavailable</body></html>", contentType: "text/html" }, code: "server_error", retryable: true, says: /503/ },
  { name: "504", fault: { status: 504, raw: "<html><body>Gateway Timeout</body></html>", contentType: "text/html" }, code: "server_error", retryable: true, says: /504/ },
  {
    name: "429 with Retry-After",
    fault: { status: 429, body: { code: "too_many_requests", message: "Too many requests.", data: { status: 429 } }, headers: { "retry-after": String(RETRY_AFTER_S) } },
    code: "rate_limited",
    retryable: true,
    says: /rate limit|too many/i,
  },
  {
    name: "401",
    fault: { status: 401, body: { code: "incorrect_password", message: "The provided password is an invalid application password.", data: { status: 401 } } },
    code: "unauthorized",
    retryable: false,
    says: /CAPTAINCORE_APP_PASSWORD/,
  },
  {
    name: "403",
    fault: { status: 403, body: { code: "rest_forbidden", message: "Sorry, you are not allowed to do that.", data: { status: 403 } } },
    code: "forbidden",
    retryable: false,
    says: /not allowed/i,
  },
  { name: "connection reset", fault: { reset: true }, code: "network", retryable: true, says: /reach|ECONNRESET|socket|failed/i },
  { name: "answer slower than the timeout", fault: { delayMs: TIMEOUT_MS + 400 }, code: "timeout", retryable: true, says: new RegExp(`${TIMEOUT_MS} ms`) },
  { name: "invalid JSON", fault: { status: 200, raw: '{"site_id": 1, "name": "acme', contentType: "application/json" }, code: "invalid_response", retryable: false, says: /could not be read|invalid|JSON/i },
  { name: "a body over the cap", fault: { bytes: 17 * 1024 * 1024 }, code: "too_large", retryable: false, says: /larger than/i, slowHarness: true },
];

const SLOW_TIMEOUT_MS = 15_000;

function budgetMs(c: Case, retried: boolean): number {
  if (c.slowHarness) return SLOW_TIMEOUT_MS;
  const attempts = retried ? MAX_ATTEMPTS : 1;
  const perAttempt = c.fault.delayMs ? TIMEOUT_MS : 0;
  const waits = retried ? (c.fault.headers?.["retry-after"] ? (MAX_ATTEMPTS - 1) * RETRY_AFTER_S * 1000 : BACKOFF_MS) : 0;
  return attempts * perAttempt + waits + SLACK_MS;
}

describe("fault injection", () => {
  let fast: Harness;
  let slow: Harness;
  let h: Harness;
  beforeAll(async () => {
    fast = await startHarness({ toolsets: "all", timeoutMs: TIMEOUT_MS });
    slow = await startHarness({ toolsets: "all", timeoutMs: SLOW_TIMEOUT_MS, sim: fast.sim });
    h = fast;
  });
  afterAll(async () => {
    await slow.close();
    await fast.close();
  });

  for (const c of CASES) {
    describe(c.name, () => {
      for (const target of TARGETS) {
        const retried = target.retried && c.retryable;
        it(`${target.tool} (${target.method}${target.retried ? ", idempotent read" : ", changes state"}): isError ${c.code}, sent ${retried ? MAX_ATTEMPTS : 1}×, in budget`, async () => {
          h = c.slowHarness ? slow : fast;
          h.sim.clearFaults();
          h.sim.inject({ ...c.fault, method: target.method, path: target.path, times: Infinity });
          const before = h.sim.count(target.method, target.path);
          const started = performance.now();
          const result = (await h.call(target.tool, target.args)) as CallToolResult;
          const elapsed = performance.now() - started;
          h.sim.clearFaults();

          expect(result.isError, text(result)).toBe(true);
          const error = errorOf(result);
          expect(error.code).toBe(c.code);
          expect(text(result)).toMatch(c.says);
          expect(text(result)).toContain(`${target.tool} failed`);
          expect(text(result)).not.toMatch(/<html|<body|<h1|<p>/i);
          expect(text(result).length).toBeLessThan(1500);
          expect(text(result)).not.toContain("..\n");
          if (!target.retried && !["unauthorized", "forbidden", "rate_limited", "too_large"].includes(c.code)) {
            // A write that failed after it may have reached the server: check before repeating it.
            expect(text(result)).toMatch(/may or may not have been applied: check with a read before repeating it/);
          }
          if (c.code === "rate_limited") expect(text(result)).toMatch(/wait/i);

          // Let a delayed answer land before counting.
          if (c.fault.delayMs) await new Promise((r) => setTimeout(r, c.fault.delayMs! - TIMEOUT_MS + 100));
          expect(h.sim.count(target.method, target.path) - before).toBe(retried ? MAX_ATTEMPTS : 1);
          expect(elapsed).toBeLessThan(budgetMs(c, retried));
          if (c.fault.headers?.["retry-after"] && retried) expect(elapsed).toBeGreaterThanOrEqual((MAX_ATTEMPTS - 1) * RETRY_AFTER_S * 1000 - 50);

          await expect(h.client.ping()).resolves.toBeDefined();
          expect(data(await h.call("get_site", { site_id: 2 })).site_id).toBe(2);
        });
      }
    });
  }

  it("recovers when a read fails once and then succeeds (one retry, one answer)", async () => {
    h = fast;
    h.sim.inject({ method: "GET", path: /^\/sites\/3$/, status: 503, raw: "busy", contentType: "text/plain", times: 1 });
    const before = h.sim.count("GET", "/sites/3");
    const site = data(await h.call("get_site", { site_id: 3 }));
    expect(site.site_id).toBe(3);
    expect(h.sim.count("GET", "/sites/3") - before).toBe(2);
  });

  it("gives up on a Retry-After longer than the client will sleep, without sleeping", async () => {
    h = fast;
    h.sim.inject({ method: "GET", path: /^\/sites\/4$/, status: 429, body: { code: "too_many_requests", message: "Slow down", data: { status: 429 } }, headers: { "retry-after": "3600" }, times: Infinity });
    const before = h.sim.count("GET", "/sites/4");
    const started = performance.now();
    const result = await h.call("get_site", { site_id: 4 });
    h.sim.clearFaults();
    expect(result.isError).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h.sim.count("GET", "/sites/4") - before).toBe(1);
  });
});
