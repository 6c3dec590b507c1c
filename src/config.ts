/** One validated configuration, from the environment and the matching command-line flags. */

export interface Config {
  /** API base, always ending in /wp-json/captaincore/v1 with no trailing slash. */
  baseUrl: string;
  username: string;
  appPassword: string;
  /** "default", "all", or explicit toolset names. */
  toolsets: string[];
  readOnly: boolean;
  timeoutMs: number;
  allowHttp: boolean;
  /** Application passwords issued by the demo simulator are not secrets, but are still treated as such. */
  demo: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const API_SUFFIX = "/wp-json/captaincore/v1";

export const ENV_VARS = {
  CAPTAINCORE_URL: "Site root (https://anchor.host) or API base (https://anchor.host/wp-json/captaincore/v1)",
  CAPTAINCORE_USERNAME: "WordPress username or email of the API user",
  CAPTAINCORE_APP_PASSWORD: "WordPress application password (Profile > API Access)",
  CAPTAINCORE_TOOLSETS: "Comma list of toolsets, or `all`; default: the daily-work set",
  CAPTAINCORE_READ_ONLY: "`true` removes every tool that changes anything and refuses writes",
  CAPTAINCORE_TIMEOUT_MS: "Per-request timeout in milliseconds (default 30000)",
  CAPTAINCORE_ALLOW_HTTP: "`true` allows plain http:// to a non-loopback host (not recommended)",
} as const;

/** Settings of the HTTP transport (captaincore-mcp --http). */
export const HTTP_ENV_VARS = {
  CAPTAINCORE_MCP_TOKEN:
    "Bearer token every HTTP request must send (required for a non-loopback --host); a comma list gives each client its own",
  CAPTAINCORE_MCP_SESSIONS: "`true`: keep MCP sessions (logging, subscriptions, progress on a GET stream)",
  CAPTAINCORE_MCP_ALLOWED_HOSTS: "Comma list of extra Host names accepted (e.g. mcp.example.com), or `*`",
  CAPTAINCORE_MCP_ALLOWED_ORIGINS: "Comma list of extra browser Origins accepted (e.g. https://app.example.com), or `*`",
  CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS: "Time a client has to send the request headers (default 10000)",
  CAPTAINCORE_MCP_REQUEST_TIMEOUT_MS: "Time a client has to send a whole request, body included (default 30000)",
  CAPTAINCORE_MCP_KEEP_ALIVE_TIMEOUT_MS: "How long an idle keep-alive connection stays open between requests (default 5000)",
  CAPTAINCORE_MCP_IDLE_TIMEOUT_MS: "Closes a connection with no request in progress and no traffic for this long (default 120000)",
  CAPTAINCORE_MCP_MAX_CONNECTIONS: "Open connections accepted at once; more are dropped (default 256)",
  CAPTAINCORE_MCP_MAX_SESSIONS: "Open MCP sessions in all (session mode; default 1000)",
  CAPTAINCORE_MCP_MAX_SESSIONS_PER_CLIENT: "Open MCP sessions per token (session mode; default 100)",
} as const;

/** The HTTP transport's limits and timeouts, each from its variable (HTTP_ENV_VARS) or its default. */
export interface HttpSettings {
  sessions: boolean;
  /** Accepted bearer tokens (empty: no token required, loopback only). */
  tokens: string[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  maxSessions: number;
  maxSessionsPerClient: number;
}

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}").`);
  }
  return value;
}

export function loadHttpSettings(env: Record<string, string | undefined>): HttpSettings {
  const settings: HttpSettings = {
    sessions: parseBoolean("CAPTAINCORE_MCP_SESSIONS", env.CAPTAINCORE_MCP_SESSIONS, false),
    tokens: [...new Set((env.CAPTAINCORE_MCP_TOKEN ?? "").split(",").map((t) => t.trim()).filter(Boolean))],
    headersTimeoutMs: wholeNumber(env, "CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS", 10_000, 100, 600_000),
    requestTimeoutMs: wholeNumber(env, "CAPTAINCORE_MCP_REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: wholeNumber(env, "CAPTAINCORE_MCP_KEEP_ALIVE_TIMEOUT_MS", 5_000, 100, 600_000),
    idleTimeoutMs: wholeNumber(env, "CAPTAINCORE_MCP_IDLE_TIMEOUT_MS", 120_000, 100, 3_600_000),
    maxConnections: wholeNumber(env, "CAPTAINCORE_MCP_MAX_CONNECTIONS", 256, 1, 100_000),
    maxSessions: wholeNumber(env, "CAPTAINCORE_MCP_MAX_SESSIONS", 1000, 1, 100_000),
    maxSessionsPerClient: wholeNumber(env, "CAPTAINCORE_MCP_MAX_SESSIONS_PER_CLIENT", 100, 1, 100_000),
  };
  if (settings.headersTimeoutMs > settings.requestTimeoutMs) {
    throw new ConfigError("CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS cannot be longer than CAPTAINCORE_MCP_REQUEST_TIMEOUT_MS.");
  }
  return settings;
}

/** Flag name for each variable: CAPTAINCORE_READ_ONLY → --read-only. */
export function flagFor(envVar: string): string {
  return "--" + envVar.replace(/^CAPTAINCORE_/, "").toLowerCase().replace(/_/g, "-");
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}").`);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

export function normaliseBaseUrl(raw: string, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(
      `CAPTAINCORE_URL is not a valid URL ("${raw}"). Use the site root, e.g. https://anchor.host`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`CAPTAINCORE_URL must start with https:// (got ${url.protocol}//).`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "CAPTAINCORE_URL must not contain credentials; set CAPTAINCORE_USERNAME and CAPTAINCORE_APP_PASSWORD instead.",
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !allowHttp) {
    throw new ConfigError(
      `CAPTAINCORE_URL uses plain http:// for ${url.hostname}; the application password would travel unencrypted. ` +
        "Use https://, or set CAPTAINCORE_ALLOW_HTTP=true if you really mean it.",
    );
  }
  const site = wordpressRoot(url);
  if (site === undefined) {
    throw new ConfigError(
      // The query and fragment are left out of the message: they may carry something secret.
      `CAPTAINCORE_URL must be the site root (${url.origin}) or the API base (${url.origin}${API_SUFFIX}); got "${url.origin}${url.pathname}${url.search || url.hash ? "?…" : ""}".`,
    );
  }
  return `${url.origin}${site}${API_SUFFIX}`;
}

/**
 * The path of the WordPress install that `url` points at, without a trailing slash ("" for the site root), or
 * undefined when it is neither the site root nor the API base. Copied browser addresses are forgiven: /wp-admin,
 * /wp-json and the API base itself, each with or without a trailing slash. Any other path is refused rather than
 * guessed at: it would fail later with a confusing rest_no_route.
 */
function wordpressRoot(url: URL): string | undefined {
  if (url.search || url.hash) return undefined;
  const path = url.pathname.replace(/\/+$/, "");
  const lower = path.toLowerCase();
  for (const tail of [API_SUFFIX, "/wp-admin", "/wp-json"]) {
    if (lower.endsWith(tail)) return path.slice(0, -tail.length);
  }
  return path === "" ? "" : undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const demo = parseBoolean("CAPTAINCORE_DEMO", env.CAPTAINCORE_DEMO, false);
  const allowHttp = parseBoolean("CAPTAINCORE_ALLOW_HTTP", env.CAPTAINCORE_ALLOW_HTTP, false);
  const required = (name: keyof typeof ENV_VARS): string => {
    const value = env[name]?.trim();
    if (!value) {
      throw new ConfigError(
        `${name} is not set: ${ENV_VARS[name]}. Set it (or pass ${flagFor(name)}), or run with --demo to try the built-in simulator.`,
      );
    }
    return value;
  };
  const baseUrl = normaliseBaseUrl(required("CAPTAINCORE_URL"), allowHttp);
  const username = required("CAPTAINCORE_USERNAME");
  const appPassword = required("CAPTAINCORE_APP_PASSWORD");
  if (appPassword.replace(/\s+/g, "").length < 8) {
    throw new ConfigError(
      "CAPTAINCORE_APP_PASSWORD looks too short; paste the 24-character application password WordPress showed you.",
    );
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (env.CAPTAINCORE_TIMEOUT_MS?.trim()) {
    const raw = env.CAPTAINCORE_TIMEOUT_MS.trim();
    timeoutMs = Number(raw);
    if (!/^\d+$/.test(raw) || timeoutMs < 100 || timeoutMs > 600_000) {
      throw new ConfigError(
        `CAPTAINCORE_TIMEOUT_MS must be a whole number of milliseconds between 100 and 600000 (got "${raw}").`,
      );
    }
  }

  const toolsetsRaw = env.CAPTAINCORE_TOOLSETS?.trim() || "default";
  const toolsets = toolsetsRaw
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

  return {
    baseUrl,
    username,
    appPassword,
    toolsets,
    readOnly: parseBoolean("CAPTAINCORE_READ_ONLY", env.CAPTAINCORE_READ_ONLY, false),
    timeoutMs,
    allowHttp,
    demo,
  };
}
