import { CompleteResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPTS } from "../src/prompts/index.js";
import { allSecrets, startSimulator, type Simulator } from "../src/simulator/index.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { startHarness, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;
beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, toolsets: "default" });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

const readJson = async (client: Harness["client"], uri: string) => {
  const result = await client.readResource({ uri });
  return JSON.parse((result.contents[0] as { text: string }).text);
};

describe("site resources", () => {
  it("lists the fleet and the API docs, and offers the templates", async () => {
    const { resources } = await h.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain("captaincore://sites/1");
    expect(uris).toContain("captaincore://docs/api");
    const { resourceTemplates } = await h.client.listResourceTemplates();
    const templates = resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining(["captaincore://sites/{site_id}", "captaincore://sites/{site_id}/{environment}/quicksaves/{hash}"]),
    );
  });

  it("reads a compact site profile with versions, pending updates and recent quicksaves, and no secrets", async () => {
    const result = await h.client.readResource({ uri: "captaincore://sites/2" });
    const profile = JSON.parse((result.contents[0] as { text: string }).text);
    expect(profile.name).toBe("acme-blog.test");
    expect(profile.environments).toHaveLength(2);
    expect(profile.environments[0].plugins[0]).toHaveProperty("version");
    expect(Array.isArray(profile.recent_quicksaves)).toBe(true);
    expect(profile.recent_quicksaves.length).toBeGreaterThan(0);
    for (const secret of allSecrets(sim.state)) expect(JSON.stringify(result)).not.toContain(secret);
  });

  it("reads what changed in a quicksave", async () => {
    const profile = await readJson(h.client, "captaincore://sites/1");
    const quicksave = profile.recent_quicksaves[0];
    const changes = await readJson(h.client, quicksave.uri);
    expect(changes.hash).toBe(quicksave.hash);
    expect(changes.total).toBeGreaterThan(0);
    expect(changes.changed[0]).toHaveProperty("path");
  });

  it("refuses a site the user cannot see, with a clear error", async () => {
    const client = await startHarness({ sim, user: "client" });
    try {
      await expect(client.client.readResource({ uri: "captaincore://sites/6" })).rejects.toThrow(/cannot see it|list_sites/);
    } finally {
      await client.close();
    }
  });

  it("serves the API documentation as markdown", async () => {
    const result = await h.client.readResource({ uri: "captaincore://docs/api" });
    expect(result.contents[0]!.mimeType).toBe("text/markdown");
    expect((result.contents[0] as { text: string }).text.length).toBeGreaterThan(100);
  });
});

describe("completions", () => {
  const complete = async (ref: { type: "ref/resource"; uri: string } | { type: "ref/prompt"; name: string }, name: string, value: string, context?: Record<string, string>) => {
    const result = await h.client.request(
      { method: "completion/complete", params: { ref, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) } },
      CompleteResultSchema,
    );
    return result.completion.values;
  };
  const site = { type: "ref/resource" as const, uri: "captaincore://sites/{site_id}" };

  it("completes site ids by id, name and domain", async () => {
    expect(await complete(site, "site_id", "acme")).toEqual(["1", "2", "3", "4", "5"]);
    expect(await complete(site, "site_id", "bluebird.media")).toEqual(["6"]);
    expect(await complete(site, "site_id", "11")).toEqual(["11"]);
    expect(await complete(site, "site_id", "kitchen")).toEqual(["11"]);
  });

  it("completes environments, plugin slugs and domain ids", async () => {
    expect(await complete({ type: "ref/resource", uri: "captaincore://sites/{site_id}/{environment}/quicksaves/{hash}" }, "environment", "st")).toEqual(["staging"]);
    const prompt = { type: "ref/prompt" as const, name: "update_plugin_safely" };
    expect(await complete(prompt, "plugin", "woo")).toContain("woocommerce");
    expect(await complete(prompt, "plugin", "", { site_id: "1" })).toEqual(
      expect.arrayContaining(sim.state.environments.find((e) => e.site_id === 1)!.plugins.map((p) => p.name)),
    );
    const dns = { type: "ref/prompt" as const, name: "review_dns_before_launch" };
    expect(await complete(dns, "domain_id", "cedar")).toEqual(["3"]);
  });

  it("caches the fleet briefly instead of asking on every keystroke", async () => {
    const before = sim.count("GET", "/sites");
    for (const value of ["a", "ac", "acm", "acme"]) await complete(site, "site_id", value);
    expect(sim.count("GET", "/sites") - before).toBeLessThanOrEqual(1);
  });
});

describe("prompts", () => {
  it("lists the agency workflows and renders each one", async () => {
    const { prompts } = await h.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(PROMPTS.map((p) => p.prompt.name));
    const args: Record<string, string> = { plugin: "woocommerce", site_id: "1", domain_id: "1", fixed_version: "9.4.0" };
    for (const p of prompts) {
      const needed = Object.fromEntries((p.arguments ?? []).filter((a) => a.required).map((a) => [a.name, args[a.name]!]));
      const result = await h.client.getPrompt({ name: p.name, arguments: needed });
      const body = (result.messages[0]!.content as { text: string }).text;
      expect(body.length).toBeGreaterThan(200);
      for (const value of Object.values(needed)) expect(body).toContain(value);
    }
  });

  it("names only tools that exist", () => {
    const names = new Set([...ALL_OPERATIONS.map((op) => op.name), "search_operations", "call_read_operation", "call_write_operation", "list_toolsets", "enable_toolset", "disable_toolset"]);
    for (const p of PROMPTS) {
      const rendered = JSON.stringify(p.render({ plugin: "x", site_id: "1", domain_id: "1", fixed_version: "1" }, {} as never));
      for (const [, tool] of rendered.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)) expect(names.has(tool!), `${p.prompt.name}: ${tool}`).toBe(true);
    }
  });

  it("refuses a prompt without its required argument", async () => {
    await expect(h.client.getPrompt({ name: "investigate_broken_site", arguments: {} })).rejects.toThrow(/site_id/);
  });
});
