/** Test harness: the simulator over HTTP ↔ the real server ↔ the SDK's MCP Client over an in-memory transport. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig, type Config } from "../src/config.js";
import { DEFAULT_TIMING, type JobTiming } from "../src/jobs/timing.js";
import type { Operation } from "../src/operations/types.js";
import { createServer, type CaptainCoreServer } from "../src/server.js";
import { allSecrets, SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";

export type SeedUser = keyof typeof SEED_USERS;

export interface HarnessOptions {
  user?: SeedUser;
  /** e.g. "all", "default", "sites,dns" */
  toolsets?: string;
  readOnly?: boolean;
  timeoutMs?: number;
  /** Reuse a simulator (to share state between users or server instances). */
  sim?: Simulator;
  latencyMs?: number;
  /** Override credentials, e.g. a wrong password. */
  password?: string;
  username?: string;
  clientCapabilities?: Record<string, unknown>;
  /** Serve these operations instead of all of them (a canary, a deliberately broken one). */
  operations?: readonly Operation[];
  /** Shorter job polling for this server (a service on its context). */
  jobTiming?: Partial<JobTiming>;
}

/** Job polling fast enough for suites that run jobs by the dozen. */
export const QUICK_JOBS: Partial<JobTiming> = { firstPollMs: 20, maxPollMs: 50, queuedGraceMs: 100 };

export interface Harness {
  client: Client;
  sim: Simulator;
  config: Config;
  server: CaptainCoreServer;
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const ownsSim = !opts.sim;
  const sim = opts.sim ?? (await startSimulator({ latencyMs: opts.latencyMs }));
  const user = SEED_USERS[opts.user ?? "admin"];
  const config = loadConfig({
    CAPTAINCORE_URL: sim.origin,
    CAPTAINCORE_USERNAME: opts.username ?? user.username,
    CAPTAINCORE_APP_PASSWORD: opts.password ?? user.password,
    CAPTAINCORE_TOOLSETS: opts.toolsets ?? "all",
    CAPTAINCORE_READ_ONLY: opts.readOnly ? "true" : "false",
    CAPTAINCORE_TIMEOUT_MS: String(opts.timeoutMs ?? 5000),
  });
  const server = createServer(config, undefined, {
    operations: opts.operations,
    services: opts.jobTiming ? { jobTiming: { ...DEFAULT_TIMING, ...opts.jobTiming } } : undefined,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.server.connect(serverTransport);
  const client = new Client({ name: "test", version: "1.0.0" }, { capabilities: opts.clientCapabilities ?? {} });
  await client.connect(clientTransport);
  return {
    client,
    sim,
    config,
    server,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
      if (ownsSim) await sim.stop();
    },
  };
}

/** All text content of a result, joined. */
export function text(result: CallToolResult): string {
  return result.content
    .filter((c) => c.type === "text")
    .map((c) => (c as { text: string }).text)
    .join("\n");
}

/** The structured result; fails loudly when the tool returned an error. */
export function data<T = Record<string, any>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool returned an error: ${text(result)}`);
  return result.structuredContent as T;
}

/** A loosely typed JSON object, for reading answers in assertions. */
export type Any = Record<string, any>;

/** The `error` object of an error result. */
export function errorOf(result: { structuredContent?: unknown }): Any {
  return (result.structuredContent as { error: Any }).error;
}

/** The `error.code` of an error result. */
export const errorCode = (result: { structuredContent?: unknown }): string => errorOf(result).code;

/** None of the simulator's secrets (passwords, keys, tokens) appears anywhere in `result`. */
export function expectNoSecrets(sim: Simulator | Harness, result: unknown): void {
  const serialized = JSON.stringify(result);
  const state = "state" in sim ? sim.state : sim.sim.state;
  for (const secret of allSecrets(state).filter(Boolean)) expect(serialized).not.toContain(secret);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it gives something other than undefined/false; fails with `what` after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * A stand-in for a value that a beforeAll/beforeEach creates: property reads go to the current value, so suites can
 * declare `const h = useHarness(…)` at the top instead of `let h` plus hooks.
 */
export function late<T extends object>(current: () => T | undefined, what: string): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`${what} is used outside a test (it starts in a before hook)`);
    return value;
  };
  return new Proxy({} as T, {
    has: (_, key) => key in target(),
    get(_, key) {
      const value = Reflect.get(target(), key);
      return typeof value === "function" ? value.bind(target()) : value;
    },
  });
}

/** One harness for the enclosing file or describe block: started before its tests, closed after them. */
export function useHarness(opts: HarnessOptions = {}): Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(opts);
  });
  afterAll(async () => {
    await h?.close();
    h = undefined;
  });
  return late(() => h, "the harness");
}

type UserOptions = Omit<HarnessOptions, "sim" | "user" | "toolsets"> & { toolsets?: string };

/**
 * One simulator for the enclosing file or describe block and a harness per seeded user on it (admin and client unless
 * `users` says otherwise; a user's own options override the shared ones).
 */
export function withUsers<U extends SeedUser = "admin" | "client">(
  toolsets: string,
  users: Record<U, UserOptions> = { admin: {}, client: {} } as Record<U, UserOptions>,
): { sim: Simulator } & Record<U, Harness> {
  let sim: Simulator | undefined;
  const open = new Map<U, Harness>();
  beforeAll(async () => {
    sim = await startSimulator();
    for (const [user, opts] of Object.entries(users) as [U, UserOptions][]) {
      open.set(user, await startHarness({ toolsets, ...opts, sim, user }));
    }
  });
  afterAll(async () => {
    for (const h of open.values()) await h.close();
    open.clear();
    await sim?.stop();
    sim = undefined;
  });
  const out = { sim: late(() => sim, "the simulator") } as { sim: Simulator } & Record<U, Harness>;
  for (const user of Object.keys(users) as U[]) (out as Record<U, Harness>)[user] = late(() => open.get(user), `the ${user} harness`);
  return out;
}

/**
 * A fresh simulator for every test, and `as(user)` to open harnesses on it (closed after the test), for suites whose
 * tests change state.
 */
export function harnessPerTest(defaults: Omit<HarnessOptions, "sim">): { sim: Simulator; as: (user: SeedUser, opts?: Omit<HarnessOptions, "sim" | "user">) => Promise<Harness> } {
  let sim: Simulator | undefined;
  const open: Harness[] = [];
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
    await sim?.stop();
    sim = undefined;
  });
  return {
    sim: late(() => sim, "the simulator"),
    as: async (user, opts = {}) => {
      const h = await startHarness({ ...defaults, ...opts, sim, user });
      open.push(h);
      return h;
    },
  };
}
