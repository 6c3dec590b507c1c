/**
 * Request guards of the HTTP transport, in the order they run: Host and Origin (DNS-rebinding protection, CORS),
 * then the bearer token. Each answers before any MCP work is done.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ConfigError } from "../config.js";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const MIN_TOKEN_LENGTH = 16;

export function isLoopbackBind(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(?:\.\d{1,3}){3}$/.test(h) || h.endsWith(".localhost");
}

function list(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Host names (lower-case, IPv6 in brackets) a request's Host header may carry; "*" = any. */
export function allowedHosts(bindHost: string, env: Record<string, string | undefined>): Set<string> {
  const out = new Set(["localhost", "127.0.0.1", "[::1]"]);
  const bind = bindHost.trim().toLowerCase();
  if (bind && bind !== "0.0.0.0" && bind !== "::" && bind !== "[::]") out.add(bind.includes(":") && !bind.startsWith("[") ? `[${bind}]` : bind);
  for (const h of list(env.CAPTAINCORE_MCP_ALLOWED_HOSTS)) out.add(h);
  return out;
}

export function allowedOrigins(env: Record<string, string | undefined>): Set<string> {
  const out = new Set<string>();
  for (const raw of list(env.CAPTAINCORE_MCP_ALLOWED_ORIGINS)) {
    if (raw === "*") out.add("*");
    else {
      try {
        out.add(new URL(raw).origin.toLowerCase());
      } catch {
        throw new ConfigError(`CAPTAINCORE_MCP_ALLOWED_ORIGINS has "${raw}", which is not an origin like https://app.example.com.`);
      }
    }
  }
  return out;
}

export function hostAllowed(header: string | undefined, allowed: Set<string>): boolean {
  if (allowed.has("*")) return true;
  if (!header) return false;
  let url: URL;
  try {
    url = new URL(`http://${header}`);
  } catch {
    return false;
  }
  const name = url.hostname.toLowerCase();
  return allowed.has(name) || allowed.has(url.host.toLowerCase());
}

/** The origin as the browser means it (scheme://host[:port], lower-case), or undefined when it is not one. */
export function normalisedOrigin(header: string): string | undefined {
  try {
    const url = new URL(header);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin.toLowerCase() : undefined;
  } catch {
    return undefined; // "null" and garbage
  }
}

/** The normalised origin when it may call, undefined when it may not; true when there is no Origin header. */
export function originAllowed(header: string | undefined, allowedHostNames: Set<string>, origins: Set<string>): string | true | undefined {
  if (header === undefined) return true; // not a browser (or a same-origin GET): the Host check applies
  const origin = normalisedOrigin(header);
  if (!origin) return undefined;
  if (origins.has("*") || origins.has(origin)) return origin;
  // A page served from a loopback name (any port) may talk to a loopback server.
  const name = new URL(origin).hostname;
  return LOOPBACK_NAMES.has(name) && allowedHostNames.has(name) ? origin : undefined;
}

/** CORS headers for an allowed origin; answers a preflight (which carries no token) itself. Returns true if it did. */
export function applyCors(req: IncomingMessage, res: ServerResponse, origin: string, sessions: boolean): boolean {
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "Access-Control-Allow-Methods": sessions ? "GET, POST, DELETE, OPTIONS" : "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
    "Access-Control-Max-Age": "600",
  });
  res.end();
  return true;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "");
  return m ? m[1]!.trim() : undefined;
}

/** Constant-time check of "Authorization: Bearer <token>" (hashes first, so lengths never leak). */
export function bearerMatches(header: string | undefined, expectedHash: Buffer): boolean {
  const token = bearerOf(header);
  const given = sha256(token ?? "\u0000invalid");
  return timingSafeEqual(given, expectedHash) && token !== undefined;
}

/** Checks the tokens against the bind address; refuses a non-loopback bind without one, and short tokens. */
export function checkTokens(host: string, tokens: readonly string[]): void {
  if (tokens.length === 0 && !isLoopbackBind(host)) {
    throw new ConfigError(
      `refusing to listen on ${host} without CAPTAINCORE_MCP_TOKEN: anyone who reaches it would act with your CaptainCore ` +
        "password. Set a long random token (e.g. openssl rand -hex 32) or keep the default --host 127.0.0.1.",
    );
  }
  const short = tokens.find((t) => t.length < MIN_TOKEN_LENGTH);
  if (short !== undefined) {
    throw new ConfigError(`CAPTAINCORE_MCP_TOKEN is too short (${short.length} characters); use at least ${MIN_TOKEN_LENGTH}, e.g. openssl rand -hex 32.`);
  }
}

/**
 * Who is calling: the hex hash of the matching token ("" when no token is required), or undefined when the request
 * must be refused. Sessions remember it, so that one client's token cannot reach another client's session.
 */
export function tokenAuthenticator(tokens: readonly string[]): (header: string | undefined) => string | undefined {
  const hashes = tokens.map(sha256);
  if (hashes.length === 0) return () => "";
  return (header) => {
    let match: Buffer | undefined;
    // Every token is compared, matched or not, so that the time taken says nothing about which one matched.
    for (const hash of hashes) if (bearerMatches(header, hash)) match = hash;
    return match?.toString("hex");
  };
}
