/** The README tool reference and manifest.json's tools are generated from the operations: they must be current. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestTools, replaceReference, toolReference } from "../src/docs/reference.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";

const root = new URL("../", import.meta.url);

describe("generated documentation", () => {
  it("README's tool reference lists every operation and is current (npm run docs)", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    expect(replaceReference(readme, toolReference(ALL_OPERATIONS))).toBe(readme);
    for (const op of ALL_OPERATIONS) expect(readme).toContain(`| \`${op.name}\` |`);
  });

  it("manifest.json lists every tool, and its version is package.json's", () => {
    const manifest = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
    expect(manifest.tools).toEqual(manifestTools(ALL_OPERATIONS));
    expect(manifest.version).toBe(pkg.version);
  });

  it("the bundle starts node with the bin's own flags (its shebang)", () => {
    const manifest = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));
    const shebang = readFileSync(new URL("src/cli.ts", root), "utf8").split("\n", 1)[0]!;
    const flags = /^#!\/usr\/bin\/env -S node(.*)$/.exec(shebang)![1]!.split(" ").filter(Boolean);
    expect(manifest.server.mcp_config.args).toEqual([...flags, "${__dirname}/dist/cli.js"]);
  });
});
