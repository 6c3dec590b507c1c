/**
 * The one authenticated CaptainCore client: Basic auth over a keep-alive pool, JSON in and out, a timeout per
 * attempt, bounded retries for idempotent reads only, a cap on how much of a body is read, and normalised answers.
 * Never sends X-WP-Nonce (it switches the plugin to its browser path), never follows redirects.
 */
import type { Pool as PoolType } from "undici";
import { Pool, poolRequest } from "./undici.js";
import { CaptainCoreError, isRetryableStatus } from "./errors.js";
import { normalizeResponse, type RawResponse } from "./normalize.js";
import { credentialScrubber, type CredentialScrubber } from "./secrets.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface ApiRequest {
  method: HttpMethod;
  /** Path below the API base, already percent-encoded, starting with "/". */
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Retry on 429/502/503/504 and connection errors. Only safe for requests that change nothing. */
  retry?: boolean;
  signal?: AbortSignal;
}

export type LogLevel = "debug" | "info" | "warning" | "error";
export type ClientLogger = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

export interface ClientOptions {
  baseUrl: string;
  username: string;
  appPassword: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRetries?: number;
  /** Longest Retry-After the client will sleep through before giving up on a retry. */
  maxRetryDelayMs?: number;
  connections?: number;
  logger?: ClientLogger;
  userAgent?: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

export function encodeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) add(`${key}[]`, item);
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [k, v] of Object.entries(query)) add(k, v);
  return parts.length ? `?${parts.join("&")}` : "";
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CaptainCoreError("cancelled", "The request was cancelled."));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new CaptainCoreError("cancelled", "The request was cancelled."));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class CaptainCoreClient {
  readonly baseUrl: string;
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly pool: PoolType;
  private readonly basePath: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly logger?: ClientLogger;
  private readonly userAgent: string;
  /** Strings that must never leave the process: the password with and without spaces, and the header. */
  readonly secrets: readonly string[];
  private readonly scrubber: CredentialScrubber;

  constructor(opts: ClientOptions) {
    const url = new URL(opts.baseUrl);
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, {
      connections: opts.connections ?? 16,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    const token = Buffer.from(`${opts.username}:${opts.appPassword}`).toString("base64");
    this.authorization = `Basic ${token}`;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024;
    this.maxRetries = opts.maxRetries ?? 2;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 5_000;
    this.logger = opts.logger;
    this.userAgent = opts.userAgent ?? "captaincore-mcp";
    const compact = opts.appPassword.replace(/\s+/g, "");
    this.secrets = [...new Set([opts.appPassword, compact, token, this.authorization])].filter((s) => s.length >= 6);
    this.scrubber = credentialScrubber(opts.username, opts.appPassword);
    this.scrub = this.scrub.bind(this);
  }

  /** Sends one request (plus retries when allowed) and returns the normalised value. */
  async request(req: ApiRequest): Promise<unknown> {
    const maxAttempts = req.retry ? this.maxRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const raw = await this.attempt(req);
        if (req.retry && attempt < maxAttempts && isRetryableStatus(raw.status)) {
          const wait = this.retryDelay(attempt, parseRetryAfter(raw.headers["retry-after"]));
          if (wait !== undefined) {
            this.stats.retries++;
            this.logger?.("warning", `HTTP ${raw.status} from ${req.method} ${req.path}; retrying in ${wait} ms`, {
              attempt,
              status: raw.status,
            });
            await sleep(wait, req.signal);
            continue;
          }
        }
        return normalizeResponse(raw, this.scrub);
      } catch (err) {
        const error = this.toError(err, req);
        // Statuses were decided above (with Retry-After); here only failures without an answer are retried.
        const retryable = error.retryable && error.status === undefined;
        if (req.retry && retryable && attempt < maxAttempts) {
          const wait = this.retryDelay(attempt, undefined)!;
          this.stats.retries++;
          this.logger?.("warning", `${error.code} on ${req.method} ${req.path}; retrying in ${wait} ms`, { attempt });
          await sleep(wait, req.signal);
          continue;
        }
        throw error;
      }
    }
  }

  private retryDelay(attempt: number, retryAfterMs: number | undefined): number | undefined {
    if (retryAfterMs !== undefined) return retryAfterMs <= this.maxRetryDelayMs ? Math.ceil(retryAfterMs) : undefined;
    const base = 200 * 2 ** (attempt - 1);
    return Math.round(base + Math.random() * base * 0.5);
  }

  private toError(err: unknown, req: ApiRequest): CaptainCoreError {
    if (err instanceof CaptainCoreError) return err;
    const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
    if (req.signal?.aborted) return new CaptainCoreError("cancelled", "The request was cancelled by the client.");
    if (e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT") {
      return new CaptainCoreError(
        "timeout",
        `CaptainCore did not answer ${req.method} ${req.path} within ${this.timeoutMs} ms.`,
        { retryable: true },
      );
    }
    const code = e?.code ?? e?.cause?.code;
    if (code && NETWORK_CODES.has(code)) {
      // A reset or closed socket can happen after the request left: say so, the server may have acted on it.
      const lost = code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED";
      const what = lost ? "The connection to CaptainCore" : "Could not reach CaptainCore";
      return new CaptainCoreError("network", `${what} at ${new URL(this.baseUrl).host} ${lost ? "was lost" : ""} (${code})`.replace("  ", " "), {
        retryable: true,
        cause: err,
      });
    }
    return new CaptainCoreError("network", `Request to CaptainCore failed: ${this.scrub(String(e?.message ?? err))}`, {
      retryable: true,
      cause: err,
    });
  }

  private async attempt(req: ApiRequest): Promise<RawResponse> {
    this.stats.requests++;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const hasBody = req.body !== undefined && req.method !== "GET";
    const headers: Record<string, string> = {
      authorization: this.authorization,
      accept: "application/json",
      "user-agent": this.userAgent,
    };
    if (hasBody) headers["content-type"] = "application/json";
    const started = performance.now();
    try {
      const res = await poolRequest(this.pool, {
        path: `${this.basePath}${req.path}${encodeQuery(req.query)}`,
        method: req.method,
        headers,
        body: hasBody ? JSON.stringify(req.body) : undefined,
        signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          res.body.destroy();
          throw new CaptainCoreError(
            "too_large",
            `The answer to ${req.method} ${req.path} is larger than ${Math.round(this.maxBodyBytes / 1048576)} MB; ask for less (filters, paging).`,
            { status: res.statusCode },
          );
        }
        chunks.push(chunk as Buffer);
      }
      this.logger?.("debug", `${req.method} ${req.path} → ${res.statusCode}`, {
        ms: Math.round(performance.now() - started),
        bytes: size,
      });
      return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) };
    } catch (err) {
      if (timeout.aborted && !(req.signal?.aborted ?? false)) {
        throw new CaptainCoreError(
          "timeout",
          `CaptainCore did not answer ${req.method} ${req.path} within ${this.timeoutMs} ms.`,
          { retryable: true },
        );
      }
      throw err;
    }
  }

  /** Removes the application password (in every form credentialScrubber knows) and the Authorization header. */
  scrub(text: string): string {
    return this.scrubber.scrub(text);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
