/** docs/TOOLS.md and manifest.json's tools are generated from the operations: they must be current. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestTools, toolsDocument } from "../src/docs/reference.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";

const root = new URL("../", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), "utf8");

describe("generated documentation", () => {
  it("docs/TOOLS.md lists every operation and is current (npm run docs)", () => {
    const tools = read("docs/TOOLS.md");
    expect(tools).toBe(toolsDocument(ALL_OPERATIONS));
    for (const op of ALL_OPERATIONS) expect(tools).toContain(`| \`${op.name}\` |`);
  });

  it("the README links the tool reference instead of carrying it", () => {
    const readme = read("README.md");
    expect(readme).toContain("(docs/TOOLS.md)");
    expect(readme).not.toContain("| Tool | | Effect |");
  });

  it("the README names the bundle file npm run pack writes", () => {
    const pkg = JSON.parse(read("package.json"));
    expect(read("README.md")).toContain(`\`${pkg.name}-${pkg.version}.mcpb\``);
  });

  it("manifest.json lists every tool, and its version is package.json's", () => {
    const manifest = JSON.parse(read("manifest.json"));
    const pkg = JSON.parse(read("package.json"));
    expect(manifest.tools).toEqual(manifestTools(ALL_OPERATIONS));
    expect(manifest.version).toBe(pkg.version);
  });

  it("the bundle starts node with the bin's own flags (its shebang)", () => {
    const manifest = JSON.parse(read("manifest.json"));
    const shebang = read("src/cli.ts").split("\n", 1)[0]!;
    const flags = /^#!\/usr\/bin\/env -S node(.*)$/.exec(shebang)![1]!.split(" ").filter(Boolean);
    expect(manifest.server.mcp_config.args).toEqual([...flags, "${__dirname}/dist/cli.js"]);
  });
});
