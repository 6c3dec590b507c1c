/** Helpers of the team tests: per-user HTTP servers over the simulator, and SDK clients that act as one person. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { loadConfig, type Config } from "../src/config.js";
import { startHttpServer, type HttpHandle } from "../src/http/serve.js";
import type { Simulator } from "../src/simulator/index.js";
import { canAccessSite, type SimUser } from "../src/simulator/state.js";

export interface Person {
  username: string;
  password: string;
}

export function basic(person: Person): string {
  return `Basic ${Buffer.from(`${person.username}:${person.password}`).toString("base64")}`;
}

/** The configuration of a per-user server: a CaptainCore URL and no CaptainCore credential at all. */
export function perUserConfig(sim: Simulator): Config {
  return loadConfig({
    CAPTAINCORE_URL: sim.origin,
    CAPTAINCORE_MCP_AUTH: "per-user",
    CAPTAINCORE_TIMEOUT_MS: "5000",
    CAPTAINCORE_TOOLSETS: "all",
  });
}

export async function startTeamServer(
  sim: Simulator,
  env: Record<string, string> = {},
  log: (line: string) => void = () => {},
): Promise<HttpHandle> {
  return startHttpServer(perUserConfig(sim), { port: 0, env: { CAPTAINCORE_MCP_AUTH: "per-user", ...env }, log });
}

export async function connectAs(url: string, person: Person, fetch?: FetchLike): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: basic(person) } },
    fetch,
  });
  const client = new Client({ name: `team-test-${person.username}`, version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** Site ids the simulator lets this user see. */
export function visibleSiteIds(sim: Simulator, username: string): number[] {
  const user = sim.state.users.find((u) => u.username === username)!;
  return sim.state.sites.filter((s) => canAccessSite(sim.state, user, s.site_id)).map((s) => s.site_id);
}

/** Adds members of account 1 (like the seeded non-admin) to the simulator: distinct people for load tests. */
export function addMembers(sim: Simulator, count: number): Person[] {
  const template = sim.state.users.find((u) => !u.roles.includes("administrator") && u.accounts.length > 0)!;
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const person = { username: `member${i}`, password: `member-pass-${String(i).padStart(4, "0")}-0000` };
    const user: SimUser = {
      ...template,
      user_id: 1000 + i,
      username: person.username,
      email: `member${i}@acme.test`,
      app_password: person.password,
      accounts: template.accounts.map((a) => ({ ...a })),
    };
    sim.state.users.push(user);
    people.push(person);
  }
  return people;
}

export { sleep, until } from "./harness.js";
