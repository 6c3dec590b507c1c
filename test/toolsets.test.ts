/**
 * Dynamic toolsets (issue 15 §1): list_toolsets, enable_toolset and disable_toolset change tools/list during a
 * session, announce notifications/tools/list_changed, and each loaded operation carries its own annotations. The
 * catalog splits reads from changes. Over stdio-like (in-memory) and HTTP session transports; stateless HTTP says
 * how toolsets are chosen instead.
 */
import { configFor } from "./support/http.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { fileURLToPath } from "node:url";
import { ToolListChangedNotificationSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { startHttpServer } from "../src/http/serve.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { data, startHarness, text, useHarness } from "./harness.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

const byName = (tools: Tool[], name: string) => tools.find((t) => t.name === name);

/** Resolves once `count` tools/list_changed notifications have arrived. */
function listChanges(client: Client) {
  let seen = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    seen++;
    for (const w of waiters.filter((w) => seen >= w.count)) w.resolve();
  });
  return {
    get seen() {
      return seen;
    },
    until: (count: number) => new Promise<void>((resolve) => (seen >= count ? resolve() : waiters.push({ count, resolve }))),
  };
}

describe("dynamic toolsets over a session", () => {
  const h = useHarness({ toolsets: "default" });

  it("declares tools.listChanged and lists the toolsets", async () => {
    expect(h.client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const out = data(await h.call("list_toolsets"));
    const dns = out.toolsets.find((t: { toolset: string }) => t.toolset === "dns");
    expect(dns).toMatchObject({ enabled: false, tools: 4, operations: ALL_OPERATIONS.filter((op) => op.toolset === "dns").length });
  });

  it("enables a toolset: its operations become tools with their own annotations, and list_changed arrives", async () => {
    const changes = listChanges(h.client);
    const before = (await h.client.listTools()).tools;
    expect(byName(before, "delete_dns_zone")).toBeUndefined();

    const out = data(await h.call("enable_toolset", { toolset: "DNS" }));
    expect(out.tools_added).toEqual(expect.arrayContaining(["activate_dns_zone", "delete_dns_zone", "export_dns_zone"]));
    await changes.until(1);

    const after = (await h.client.listTools()).tools;
    expect(byName(after, "delete_dns_zone")?.annotations).toMatchObject({ destructiveHint: true });
    expect(byName(after, "activate_dns_zone")?.annotations).toMatchObject({ destructiveHint: false });
    expect(byName(after, "activate_dns_zone")?.annotations?.readOnlyHint).toBeUndefined();
    expect(byName(after, "export_dns_zone")?.annotations).toMatchObject({ readOnlyHint: true });
    const zone = data(await h.call("export_dns_zone", { domain_id: 1 }));
    expect(String(zone.zone)).toContain("acme-shop.test");

    // Enabling again changes nothing and announces nothing.
    expect(data(await h.call("enable_toolset", { toolset: "dns" })).tools_added).toEqual([]);

    const off = data(await h.call("disable_toolset", { toolset: "dns" }));
    expect(off.tools_removed).toContain("delete_dns_zone");
    expect(off.tools_removed).not.toContain("list_dns_records");
    await changes.until(2);
    expect(changes.seen).toBe(2);
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("list_dns_records"); // part of the default set
    expect(names).not.toContain("delete_dns_zone");
  });

  it("names the valid toolsets for an unknown one", async () => {
    const result = await h.call("enable_toolset", { toolset: "dnss" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("dns, email");
  });

  it("keeps configured toolsets: the agent can only undo what it enabled", async () => {
    const configured = await startHarness({ sim, toolsets: "default,billing" });
    try {
      const out = data(await configured.call("disable_toolset", { toolset: "billing" }));
      expect(out).toMatchObject({ enabled: true, tools_removed: [] });
      expect(out.note).toContain("CAPTAINCORE_TOOLSETS");
    } finally {
      await configured.close();
    }
  });

  it("points an unknown tool at enable_toolset or the catalog call that runs it", async () => {
    await expect(h.client.callTool({ name: "delete_dns_zone", arguments: {} })).rejects.toThrow(/enable_toolset \{toolset: "dns"\}.*call_write_operation/);
    await expect(h.client.callTool({ name: "call_operation", arguments: {} })).rejects.toThrow(/call_read_operation.*call_write_operation/);
  });
});

describe("the catalog keeps reads and changes apart", () => {
  const h = useHarness({ toolsets: "default" });

  it("annotates call_read_operation read-only and call_write_operation destructive", async () => {
    const tools = (await h.client.listTools()).tools;
    expect(byName(tools, "call_read_operation")?.annotations).toEqual({ readOnlyHint: true });
    expect(byName(tools, "call_write_operation")?.annotations).toEqual({ destructiveHint: true });
    for (const name of ["call_read_operation", "call_write_operation", "list_toolsets", "enable_toolset", "disable_toolset"]) {
      expect(byName(tools, name)?.title, name).toBeTruthy();
    }
  });

  it("refuses a change through the read tool and a read through the write tool, and says which to use", async () => {
    const before = h.sim.requests.length;
    const write = await h.call("call_read_operation", { name: "delete_account", arguments: { account_id: 1, confirm: true } });
    expect(write.isError).toBe(true);
    expect(text(write)).toContain("call call_write_operation with the same name and arguments");
    const read = await h.call("call_write_operation", { name: "get_billing", arguments: {} });
    expect(read.isError).toBe(true);
    expect(text(read)).toContain("call call_read_operation with the same name and arguments");
    expect(h.sim.requests.length).toBe(before);
    expect(data(await h.call("call_read_operation", { name: "get_billing", arguments: {} }))).toBeTruthy();
  });
});

describe("toolsets over stdio (the built bin, from its operation index)", () => {
  it("enables a toolset, announces it, and runs its new tools", async () => {
    const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const client = new Client({ name: "stdio-toolsets", version: "1" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, "--demo"], stderr: "pipe" }));
    try {
      const changes = listChanges(client);
      await client.callTool({ name: "enable_toolset", arguments: { toolset: "accounts" } });
      await changes.until(1);
      const tools = (await client.listTools()).tools;
      expect(byName(tools, "delete_account")?.annotations).toMatchObject({ destructiveHint: true });
      const result = (await client.callTool({ name: "list_accounts", arguments: { limit: 1 } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

describe("toolsets in stateless HTTP", () => {
  it("does not announce list changes and says that CAPTAINCORE_TOOLSETS chooses the toolsets", async () => {
    const config = configFor(sim, "default");
    const http = await startHttpServer(config, { port: 0, env: {}, log: () => {} });
    const client = new Client({ name: "stateless", version: "1" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(false);
      const result = (await client.callTool({ name: "enable_toolset", arguments: { toolset: "dns" } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("CAPTAINCORE_TOOLSETS");
      expect(text(result)).toContain("call_read_operation");
    } finally {
      await client.close();
      await http.close();
    }
  });
});

describe("toolsets in HTTP session mode", () => {
  it("enables a toolset for the session and announces it on the session's stream", async () => {
    const config = configFor(sim, "default");
    const http = await startHttpServer(config, { port: 0, env: { CAPTAINCORE_MCP_SESSIONS: "true" }, log: () => {} });
    const client = new Client({ name: "sessions", version: "1" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      const changes = listChanges(client);
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
      await client.callTool({ name: "enable_toolset", arguments: { toolset: "billing" } });
      await changes.until(1);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("pay_invoice");
    } finally {
      await (client.transport as StreamableHTTPClientTransport).terminateSession().catch(() => {});
      await client.close();
      await http.close();
    }
  });
});
