import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

describe("the built bin", () => {
  it("serves the sites tools over stdio in --demo mode", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bin, "--demo"], stderr: "pipe" });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["list_sites", "get_site", "list_site_environments", "get_me"]));
      // Every tool says whether it only reads (readOnlyHint: true) or what a write risks (destructiveHint).
      for (const tool of tools) expect(tool.annotations?.readOnlyHint === true || typeof tool.annotations?.destructiveHint === "boolean").toBe(true);
      const result = await client.callTool({ name: "list_sites", arguments: { limit: 2 } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { total: number }).total).toBe(12);
    } finally {
      await client.close();
    }
  });

  it("stops at start with exit code 2 and one clear line for bad configuration", () => {
    const clean = { PATH: process.env.PATH ?? "" };
    const missing = spawnSync(process.execPath, [bin], { env: clean, encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/CAPTAINCORE_URL is not set/);
    const http = spawnSync(process.execPath, [bin, "--url", "http://anchor.host", "--username", "u", "--app-password", "abcd efgh ijkl"], {
      env: clean,
      encoding: "utf8",
    });
    expect(http.status).toBe(2);
    expect(http.stderr).toMatch(/plain http/);
    expect(http.stderr).not.toContain("abcd efgh ijkl");
    const wrongPage = spawnSync(process.execPath, [bin], {
      env: { ...clean, CAPTAINCORE_URL: "https://anchor.host/account/", CAPTAINCORE_USERNAME: "u", CAPTAINCORE_APP_PASSWORD: "abcd efgh ijkl" },
      encoding: "utf8",
    });
    expect(wrongPage.status).toBe(2);
    expect(wrongPage.stderr.trim().split("\n")).toEqual([
      'captaincore-mcp: CAPTAINCORE_URL must be the site root (https://anchor.host) or the API base (https://anchor.host/wp-json/captaincore/v1); got "https://anchor.host/account/".',
    ]);
    const toolsets = spawnSync(process.execPath, [bin, "--demo", "--toolsets", "sites,nope"], { env: clean, encoding: "utf8" });
    expect(toolsets.status).toBe(2);
    expect(toolsets.stderr).toMatch(/unknown toolset "nope"/);
  });

  it("prints --version and --help", () => {
    const version = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(help.stdout).toContain("CAPTAINCORE_APP_PASSWORD");
    expect(help.stdout).toContain("--http-sessions");
    expect(help.stdout).toContain("CAPTAINCORE_MCP_TOKEN");
    expect(help.stdout).toMatch(/Prefer the environment variable to --app-password: .*visible .*\(ps\)/);
  });
});
