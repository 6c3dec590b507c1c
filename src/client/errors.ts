/** Typed errors with stable codes: callers branch on `code`, never on message text. */

export type ErrorCode =
  | "unauthorized" // 401: credentials wrong or missing
  | "forbidden" // 403: logged in, but not allowed (or the id does not exist: the API checks access first)
  | "not_found" // 404 on an existing route
  | "no_route" // 404 rest_no_route: path or method unknown to this CaptainCore
  | "bad_request" // 400: the API rejected the parameters
  | "api_error" // HTTP 200 carrying an in-band error ({errors:[…]}, {error}, "Something went wrong…")
  | "server_error" // 5xx
  | "timeout"
  | "network" // connection refused/reset, DNS
  | "invalid_response" // not the JSON it claimed to be
  | "too_large" // body over the read cap
  | "rate_limited" // 429 after retries
  | "cancelled";

export class CaptainCoreError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  /** The WordPress/CaptainCore error code, e.g. token_invalid, rest_forbidden. */
  readonly serverCode?: string;
  readonly details?: unknown;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number; serverCode?: string; details?: unknown; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "CaptainCoreError";
    this.code = code;
    this.status = opts.status;
    this.serverCode = opts.serverCode;
    this.details = opts.details;
    this.retryable = opts.retryable ?? false;
  }
}

/** The HTTP statuses worth retrying for a request that changes nothing: the one definition retries read. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export function codeForStatus(status: number, serverCode?: string): ErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return serverCode === "rest_no_route" ? "no_route" : "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  if (status >= 400) return "bad_request";
  return "api_error";
}
