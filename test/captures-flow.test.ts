/**
 * The safe-update flow of the update_plugin_safely prompt, driven over MCP against the built bin in --demo mode:
 * capture → update → capture → compare (over the accepted limit: the seed's elementor update breaks the header) →
 * roll back → capture → compare (as before).
 */
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const site = { site_id: 5, environment: "production" };
let client: Client;

beforeAll(async () => {
  // The default tools plus the backups toolset (list_captures, get_capture_image), as an agency doing updates would load.
  const env = { ...(process.env as Record<string, string>), CAPTAINCORE_TOOLSETS: "default,backups" };
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "--demo"], env, stderr: "pipe" });
  client = new Client({ name: "safe-update-flow", version: "1.0.0" });
  await client.connect(transport);
});
afterAll(() => client.close());

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { structuredContent: Record<string, any> }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result as CallToolResult & { structuredContent: Record<string, any> };
}

async function capture(): Promise<{ capture_id: number; created_at: string }> {
  const known = (await call("list_captures", site)).structuredContent.captures[0]?.capture_id;
  await call("create_capture", site);
  const latest = (await call("list_captures", site)).structuredContent.captures[0];
  expect(latest.capture_id).not.toBe(known);
  return latest;
}

describe("update_plugin_safely, end to end in demo mode", () => {
  it("the prompt walks capture → update → capture → compare → roll back", async () => {
    const prompt = await client.getPrompt({ name: "update_plugin_safely", arguments: { plugin: "elementor", site_id: "5" } });
    const steps = (prompt.messages[0]!.content as { text: string }).text;
    const order = ["list_quicksaves", "create_capture", "run_code", "compare_captures", "rollback_quicksave"].map((tool) => steps.indexOf(`\`${tool}\``));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps).toContain("limit_percent");
    const { tools } = await client.listTools();
    const compare = tools.find((t) => t.name === "compare_captures")!;
    expect(compare.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === "create_capture")!.description).toContain("compare_captures");
  });

  it("finds the broken header, rolls the plugin back and sees the site as before", async () => {
    const quicksave = (await call("list_quicksaves", site)).structuredContent.quicksaves[0].hash;
    const before = await capture();

    await call("run_code", { code: "wp plugin update elementor", environments: [site] });
    const after = await capture();
    const broken = await call("compare_captures", { ...site, before: before.capture_id, limit_percent: 1 });
    expect(broken.structuredContent.after.capture_id).toBe(after.capture_id);
    expect(broken.structuredContent.over_limit).toBe(true);
    const home = broken.structuredContent.pages.find((p: { page: string }) => p.page === "/");
    expect(home.changed_percent).toBeGreaterThan(1);
    expect(home.regions[0]).toMatchObject({ x: 0, y: 0 });
    const diff = broken.content.find((c) => c.type === "image") as { data: string; mimeType: string };
    expect(diff.mimeType).toBe("image/jpeg");
    console.log(`safe-update diff: ${home.picture}; ${home.changed_percent}% of ${home.size} changed; region ${JSON.stringify(home.regions[0])}`);

    const rollback = await call("rollback_quicksave", { ...site, hash: quicksave, type: "plugin", value: "elementor", version: "this", confirm: true });
    expect(JSON.stringify(rollback.structuredContent)).toMatch(/token|queued/i);
    const restored = await capture();
    const check = await call("compare_captures", { ...site, before: before.capture_id, after: restored.capture_id, limit_percent: 1 });
    expect(check.structuredContent.over_limit).toBe(false);
    expect(check.structuredContent.max_changed_percent).toBe(0);
    expect(check.content.some((c) => c.type === "image")).toBe(false);
  });
});
