/**
 * npm run demo: starts `captaincore-mcp --demo` as a real stdio MCP server, drives it with the SDK's client and
 * prints a short transcript: the tools, the fleet, one site's details.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("./cli.js", import.meta.url));

function show(title: string, body: string): void {
  process.stdout.write(`\n── ${title} ${"─".repeat(Math.max(0, 70 - title.length))}\n${body}\n`);
}

function textOf(result: Record<string, unknown>): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content
    .filter((c) => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}

function pretty(text: string, maxLines = 24): string {
  let out = text;
  try {
    out = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    /* not JSON: show as is */
  }
  const lines = out.split("\n");
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join("\n") : out;
}

async function main(): Promise<void> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "--demo"], stderr: "pipe" });
  const client = new Client({ name: "captaincore-demo", version: "1.0.0" });
  await client.connect(transport);
  const info = client.getServerVersion();
  show("Connected", `${info?.name} ${info?.version} (built-in CaptainCore simulator, no credentials needed)`);

  const { tools } = await client.listTools();
  show(`tools/list: ${tools.length} tools`, tools.map((t) => `  ${t.name.padEnd(28)} ${(t.description ?? "").split(". ")[0]}`).join("\n"));

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    const texts = textOf(result).split("\n");
    const json = texts.findIndex((line) => line.startsWith("{"));
    const body = json > 0 ? `${texts.slice(0, json).join("\n")}\n${pretty(texts.slice(json).join("\n"))}` : pretty(texts.join("\n"));
    show(`${name} ${JSON.stringify(args)}${result.isError ? "  → error" : ""}`, body);
    return result;
  };

  await call("get_me", {});
  const fleet = await call("list_sites", { limit: 5 });
  const first = (fleet.structuredContent as { sites?: { site_id: number }[] } | undefined)?.sites?.[0];
  if (first) await call("get_site", { site_id: first.site_id });
  await call("search_operations", { query: "roll back a plugin", limit: 3 });
  await call("list_quicksaves", { site_id: 1, environment: "production", limit: 3 });
  await call("run_code", { code: "wp plugin list --update=available", environments: [{ site_id: 1, environment: "production" }] });
  await call("get_site", { site_id: 99999 });

  await client.close();
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
