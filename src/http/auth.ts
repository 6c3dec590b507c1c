/**
 * Who an HTTP request acts as (--auth, CAPTAINCORE_MCP_AUTH).
 *
 * - shared (default): every request acts as the server's one CaptainCore user; the bearer token (serve.ts) is what
 *   keeps strangers out.
 * - per-user: every request carries its caller's own CaptainCore username and application password
 *   (Authorization: Basic, as WordPress application passwords are used). The server holds no CaptainCore
 *   credential: it checks the caller's with CaptainCore (GET /me; CaptainCore's 401 comes back as an HTTP 401) and
 *   builds that request's MCP server with exactly those, over one shared connection pool. CAPTAINCORE_MCP_TOKEN has
 *   no place in this mode: the Authorization header carries the caller's credential, and it authenticates.
 *
 * Credentials live only as long as the request (or the session) that carries them. What is kept is a keyed hash:
 * HMAC-SHA256 under a key made at start and never stored, so it cannot be checked against a guessed password
 * elsewhere. A successful check is remembered for CHECK_TTL_MS by that hash (at most MAX_CHECKED entries);
 * concurrent first requests of one caller share one check.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pool } from "undici";
import { CaptainCoreError } from "../client/errors.js";
import { clientFor, createPool, type CaptainCoreClient, type ClientOptions } from "../client/http.js";
import { loadCallerLimits, parseAuthMode, ConfigError, type AuthMode, type Config } from "../config.js";
import { credentialScrubber } from "../client/secrets.js";
import { sendJsonError } from "./body.js";
import { CallerLimiter, type LimiterStats } from "./limits.js";

export const CHECK_TTL_MS = 60_000;
export const MAX_CHECKED = 1000;
/** Credential checks in flight at once (each is one request to CaptainCore). */
export const MAX_PENDING_CHECKS = 64;
const MAX_CREDENTIAL_CHARS = 1024;

export interface Caller {
  /** Shared mode: the hash of the bearer token ("" without one). Per-user: a keyed hash of the credential. */
  key: string;
  /** The configuration this caller's MCP server runs with: its own username and password in per-user mode. */
  config: Config;
  /** The CaptainCore username, for the log (per-user mode only; never the password). */
  username?: string;
  /** Options for the client its MCP server creates (per-user mode: the shared pool, and forgetting a revoked check). */
  client?: Pick<ClientOptions, "pool" | "onUnauthorized">;
}

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
  /** A word for the request log: refused=<note>. */
  note: string;
}

export type Admitted = { caller: Caller; release: () => void };

/** username:password from "Authorization: Basic …", or undefined when the header is not that. */
export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (!m || m[1]!.length > MAX_CREDENTIAL_CHARS) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep <= 0 || sep === decoded.length - 1) return undefined;
  return { username: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
}

/** The log's view of a username: printable, short. */
function loggable(username: string): string {
  return username.replace(/[^\w.@+-]/g, "?").slice(0, 64);
}

export interface CallerGate {
  mode: AuthMode;
  /**
   * Admits a request: who it acts as (per-user: checked with CaptainCore), within that caller's limits. `holdsSlot`
   * is false for a session's GET stream, which counts against the rate only. `owner` is the token's hash (shared
   * mode: each token is one caller). Call release when the response ends.
   */
  admit: (req: IncomingMessage, holdsSlot: boolean, owner: string) => Promise<Admitted | Refusal>;
  stats: () => LimiterStats & { checked: number; checks: number };
  close: () => Promise<void>;
}

export function createCallerGate(config: Config, env: Record<string, string | undefined>): CallerGate {
  const mode = parseAuthMode(env);
  if (mode === "per-user" && env.CAPTAINCORE_MCP_TOKEN?.trim()) {
    throw new ConfigError(
      "CAPTAINCORE_MCP_TOKEN is not used with --auth per-user: each request authenticates with its caller's own " +
        "CaptainCore application password in the Authorization header. Unset the token (restrict who reaches the server at the proxy or network instead).",
    );
  }
  const limiter = new CallerLimiter(loadCallerLimits(env, mode));
  if (mode === "shared") {
    return {
      mode,
      admit: async (_req, holdsSlot, owner) => limited(limiter, { key: owner, config }, holdsSlot),
      stats: () => ({ ...limiter.stats(), checked: 0, checks: 0 }),
      close: async () => {},
    };
  }
  const pool = createPool(config.baseUrl, 64);
  const checks = new CredentialChecks(config, pool);
  return {
    mode,
    admit: async (req, holdsSlot) => {
      const credential = parseBasic(req.headers.authorization);
      if (!credential) {
        return {
          status: 401,
          note: req.headers.authorization ? "bad-credentials" : "no-credentials",
          message:
            "Unauthorized: this server acts as each person's own CaptainCore user. Send the header " +
            "Authorization: Basic base64(username:application-password), with your CaptainCore username and an application password (Profile > API Access).",
        };
      }
      const key = checks.keyOf(credential);
      const caller: Caller = {
        key,
        config: { ...config, username: credential.username, appPassword: credential.password },
        username: loggable(credential.username),
        client: { pool, onUnauthorized: () => checks.forget(key) },
      };
      const admitted = limited(limiter, caller, holdsSlot);
      if (!("caller" in admitted)) return admitted;
      const refused = await checks.verify(caller);
      if (!refused) return admitted;
      admitted.release();
      return { ...refused, note: `${refused.note} user=${caller.username}` };
    },
    stats: () => ({ ...limiter.stats(), checked: checks.size, checks: checks.count }),
    close: async () => {
      await pool.close().catch(() => {});
    },
  };
}

/**
 * Admits the request through the gate, or answers it (401, 429, 502, 503). Per-user: the request's log notes are
 * scrubbed of its caller's credential too (a tool name is the caller's text), and say who acted.
 */
export async function admitCaller(
  gate: CallerGate,
  r: { req: IncomingMessage; res: ServerResponse; owner: string; note: (s: string) => void },
  holdsSlot: boolean,
): Promise<{ caller: Caller; note: (s: string) => void } | undefined> {
  const admitted = await gate.admit(r.req, holdsSlot, r.owner);
  if ("status" in admitted) {
    r.note(`refused=${admitted.note}`);
    sendJsonError(r.res, admitted.status, admitted.message, admitted.headers);
    return undefined;
  }
  r.res.on("close", admitted.release);
  const { caller } = admitted;
  if (!caller.username) return { caller, note: r.note };
  r.note(`user=${caller.username}`);
  const scrubber = credentialScrubber(caller.config.username, caller.config.appPassword);
  return { caller, note: (s) => r.note(scrubber.scrub(s)) };
}

function limited(limiter: CallerLimiter, caller: Caller, holdsSlot: boolean): Admitted | Refusal {
  const admission = limiter.admit(caller.key, holdsSlot);
  if (admission.ok) return { caller, release: admission.release };
  return {
    status: admission.reason === "callers" ? 503 : 429,
    note: `limit-${admission.reason}${caller.username ? ` user=${caller.username}` : ""}`,
    message: admission.message,
    headers: { "Retry-After": String(admission.retryAfterSeconds) },
  };
}

/** Checks credentials with CaptainCore; remembers successes briefly by keyed hash. */
class CredentialChecks {
  private readonly secret = randomBytes(32);
  private readonly okUntil = new Map<string, number>();
  private readonly pending = new Map<string, Promise<Refusal | undefined>>();
  /** Checks sent to CaptainCore. */
  count = 0;

  constructor(
    private readonly config: Config,
    private readonly pool: Pool,
  ) {}

  get size(): number {
    return this.okUntil.size;
  }

  /** CaptainCore refused these credentials since their check (revoked, rotated): the next request checks again. */
  forget(key: string): void {
    this.okUntil.delete(key);
  }

  keyOf(credential: { username: string; password: string }): string {
    return createHmac("sha256", this.secret)
      .update(`${this.config.baseUrl}\u0000${credential.username}\u0000${credential.password}`)
      .digest("base64url");
  }

  async verify(caller: Caller): Promise<Refusal | undefined> {
    const until = this.okUntil.get(caller.key);
    if (until !== undefined && until > Date.now()) return undefined;
    this.okUntil.delete(caller.key);
    let check = this.pending.get(caller.key);
    if (!check && this.pending.size >= MAX_PENDING_CHECKS) {
      // Many new credentials at once (a guessing run, or a restart under load): CaptainCore is asked a bounded amount.
      return { status: 503, note: "checks-busy", headers: { "Retry-After": "2" }, message: "Too many new logins being checked at once; try again in a few seconds." };
    }
    if (!check) {
      check = this.ask(caller).finally(() => this.pending.delete(caller.key));
      this.pending.set(caller.key, check);
    }
    return check;
  }

  private async ask(caller: Caller): Promise<Refusal | undefined> {
    this.count++;
    const { username, appPassword } = caller.config;
    const timeoutMs = Math.min(this.config.timeoutMs, 15_000);
    const client = clientFor({ baseUrl: this.config.baseUrl, username, appPassword, timeoutMs }, undefined, { pool: this.pool });
    try {
      await client.request({ method: "GET", path: "/me" });
    } catch (err) {
      // WordPress checks Basic credentials before routing: any answer but a 401 means they were accepted.
      if (err instanceof CaptainCoreError && err.code === "unauthorized") return refusedBy(err, client);
      if (!(err instanceof CaptainCoreError) || UNCHECKED.has(err.code)) {
        return {
          status: 502,
          note: "check-failed",
          headers: { "Retry-After": "5" },
          message: `Could not check your credentials with CaptainCore: ${client.scrub(String((err as Error)?.message ?? err))}. Try again shortly.`,
        };
      }
    }
    while (this.okUntil.size >= MAX_CHECKED) this.okUntil.delete(this.okUntil.keys().next().value!);
    this.okUntil.set(caller.key, Date.now() + CHECK_TTL_MS);
    return undefined;
  }
}

/** Answers that say nothing about the credentials. */
const UNCHECKED = new Set(["network", "timeout", "server_error", "rate_limited", "invalid_response", "too_large", "cancelled"]);

function refusedBy(err: CaptainCoreError, client: CaptainCoreClient): Refusal {
  const said = client.scrub(`${err.serverCode ? `${err.serverCode}: ` : ""}${err.message}`).slice(0, 300);
  return {
    status: 401,
    note: "captaincore-401",
    message:
      `Unauthorized: CaptainCore refused these credentials (${said}). Check the username and the application ` +
      "password (CaptainCore > Profile > API Access; a revoked or rotated password stops working at once).",
  };
}
