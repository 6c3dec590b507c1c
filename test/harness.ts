/** Test harness: the simulator over HTTP ↔ the real server ↔ the SDK's MCP Client over an in-memory transport. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig, type Config } from "../src/config.js";
import { createServer, type CaptainCoreServer } from "../src/server.js";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";

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
}

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
  const server = createServer(config);
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
