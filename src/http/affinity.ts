/**
 * Session affinity behind a load balancer. A session lives in the memory of the instance that created it, so every
 * request of a session must reach that instance. With CAPTAINCORE_MCP_INSTANCE set, session ids start with the
 * instance's name ("a.7c9e…"): a balancer can route on the Mcp-Session-Id header's prefix, and requests without
 * one (initialize) may go anywhere. A request that reaches the wrong instance gets 404, and the client starts over.
 */
import { randomUUID } from "node:crypto";
import { ConfigError } from "../config.js";

const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/i;

export function instanceTag(env: Record<string, string | undefined>): string | undefined {
  const raw = env.CAPTAINCORE_MCP_INSTANCE?.trim();
  if (!raw) return undefined;
  if (!TAG.test(raw)) {
    throw new ConfigError(`CAPTAINCORE_MCP_INSTANCE must be 1-32 letters, digits or dashes (got "${raw.slice(0, 40)}").`);
  }
  return raw.toLowerCase();
}

export function newSessionId(tag: string | undefined): string {
  return tag ? `${tag}.${randomUUID()}` : randomUUID();
}
