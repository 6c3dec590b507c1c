/**
 * Every client configuration in the README starts a working server: each JSON snippet (and the `claude mcp add`
 * command) is taken from README.md, its command pointed at this checkout's build with --demo, and asked for
 * tools/list over stdio; the remote-HTTP snippet connects to a local `--http` server with a token.
 */
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startHttpServer } from "../src/http/serve.js";
import { SEED_USERS, startSimulator } from "../src/simulator/index.js";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const CHECKOUT_BIN = "/absolute/path/to/captaincore-mcp/dist/cli.js";
const TOKEN = "readme-token-0123456789abcdef";

interface ServerEntry {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
}

const blocks = (lang: string) => [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

/** Server entries of one client configuration: Claude Desktop and Cursor say mcpServers, VS Code servers. */
function entriesOf(config: Record<string, unknown>): ServerEntry[] {
  const servers = (config.mcpServers ?? config.servers ?? {}) as Record<string, ServerEntry>;
  return Object.values(servers);
}

/** Client placeholders (${env:X}, ${input:id}, $X) stand for values the client fills in; --demo supplies its own. */
const fillIn = (value: string) => value.replace(/\$\{(?:env|input):[^}]+\}|\$[A-Z_]+/g, TOKEN);

/** The entry's command, pointed at this checkout's build. */
function localCommand(entry: ServerEntry): string[] {
  const args = entry.args ?? [];
  if (entry.command === "captaincore-mcp") return [bin, ...args];
  if (entry.command === "node" && args[0] === CHECKOUT_BIN) return [bin, ...args.slice(1)];
  throw new Error(`a README snippet starts ${entry.command} ${args.join(" ")}: use captaincore-mcp or node ${CHECKOUT_BIN}`);
}

async function listToolsOverStdio(entry: ServerEntry): Promise<string[]> {
  const env = Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, fillIn(v)]));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...localCommand(entry), "--demo"],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  const client = new Client({ name: "readme-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

/** `claude mcp add name -e K=V … -- command args`, backslash continuations joined and quotes removed. */
function claudeCodeEntries(): ServerEntry[] {
  const commands = blocks("bash")
    .map((b) => b.replace(/\\\n\s*/g, " "))
    .flatMap((b) => b.split("\n"))
    .filter((line) => /^claude mcp add (?!--transport)/.test(line));
  return commands.map((line) => {
    const words = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    const dashes = words.indexOf("--");
    const env: Record<string, string> = {};
    words.slice(0, dashes).forEach((word, i) => {
      if (word === "-e") {
        const pair = words[i + 1]!;
        env[pair.slice(0, pair.indexOf("="))] = pair.slice(pair.indexOf("=") + 1);
      }
    });
    const [command, ...args] = words.slice(dashes + 1);
    return { command, args, env };
  });
}

const configs = blocks("json").map((text) => JSON.parse(text) as Record<string, unknown>);
const entries = configs.flatMap(entriesOf);
const stdioEntries = [...entries.filter((e) => e.command), ...claudeCodeEntries()];
const httpEntries = entries.filter((e) => e.url);

describe("README client configurations", () => {
  it("has a stdio snippet with the installed command and one with node …/dist/cli.js for each client", () => {
    expect(stdioEntries.filter((e) => e.command === "captaincore-mcp").length).toBeGreaterThanOrEqual(4);
    expect(stdioEntries.filter((e) => e.command === "node").length).toBeGreaterThanOrEqual(3);
    expect(httpEntries.length).toBeGreaterThanOrEqual(1);
    for (const config of configs) expect(entriesOf(config).length, JSON.stringify(config)).toBeGreaterThan(0);
  });

  it.each(stdioEntries.map((entry, i) => [i + 1, `${entry.command} ${(entry.args ?? []).join(" ")}`.trim(), entry] as const))(
    "stdio snippet %i (%s) starts the server in --demo and lists its tools",
    async (_n, _label, entry) => {
      const names = await listToolsOverStdio(entry);
      expect(names).toEqual(expect.arrayContaining(["list_sites", "search_operations", "call_read_operation", "call_write_operation", "enable_toolset"]));
    },
  );

  it("the remote HTTP snippet reaches a local --http server with its token", async () => {
    const sim = await startSimulator();
    const config = loadConfig({
      CAPTAINCORE_URL: sim.origin,
      CAPTAINCORE_USERNAME: SEED_USERS.admin.username,
      CAPTAINCORE_APP_PASSWORD: SEED_USERS.admin.password,
    });
    const http = await startHttpServer(config, { port: 0, env: { CAPTAINCORE_MCP_TOKEN: TOKEN }, log: () => {} });
    try {
      for (const entry of httpEntries) {
        expect(new URL(entry.url!).pathname).toBe("/mcp");
        const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([k, v]) => [k, fillIn(v)]));
        const client = new Client({ name: "readme-test", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers } }));
        try {
          expect((await client.listTools()).tools.map((t) => t.name)).toContain("list_sites");
        } finally {
          await client.close();
        }
      }
    } finally {
      await http.close();
      await sim.stop();
    }
  });
});
