#!/usr/bin/env node
/**
 * CI: what `npx captaincore-mcp` gets from npm. `npm pack` the built project, check the tarball's file list, install
 * it in an empty folder (production dependencies from the registry, as a user would), then start
 * `npx captaincore-mcp --demo` there and ask tools/list. Usage: node scripts/check-tarball.mjs
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
let failures = 0;
const ok = (m) => process.stdout.write(`ok   ${m}\n`);
const bad = (m) => {
  failures++;
  process.stderr.write(`FAIL ${m}\n`);
};
const npm = (args, cwd, timeout = 300_000) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    timeout,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });

const work = mkdtempSync(join(tmpdir(), "cc-tarball-"));
try {
  // dist/ is already built (npm test builds it); skip prepare so that packing never rebuilds.
  const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT))[0];
  const files = packed.files.map((f) => f.path);
  const tgz = join(work, packed.filename);
  ok(`npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`);
  for (const want of ["package.json", "dist/cli.js", "dist/server.js", "dist/http/serve.js", "README.md", "manifest.json"]) {
    if (!files.includes(want)) bad(`tarball lacks ${want}`);
  }
  const forbidden = files.filter((f) => /^(test|src|scripts|bench|\.ci)\//.test(f) || f.endsWith(".map") || f.endsWith(".mcpb"));
  if (forbidden.length) bad(`tarball carries ${forbidden.slice(0, 8).join(", ")}`);
  else ok("tarball has no tests, sources, scripts or maps");

  const app = join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "tarball-check", version: "1.0.0", private: true }));
  const started = Date.now();
  npm(["install", "--omit=dev", tgz], app, 600_000);
  ok(`installed the tarball in an empty folder (${Date.now() - started} ms)`);

  const version = execFileSync("npx", ["--no-install", "captaincore-mcp", "--version"], { cwd: app, encoding: "utf8", timeout: 60_000 }).trim();
  if (version !== pkg.version) bad(`npx captaincore-mcp --version printed "${version}", expected ${pkg.version}`);
  else ok(`npx captaincore-mcp --version → ${version}`);

  const transport = new StdioClientTransport({
    command: "npx",
    args: ["--no-install", "captaincore-mcp", "--demo"],
    cwd: app,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stderr: "pipe",
  });
  const client = new Client({ name: "tarball-check", version: "1.0.0" });
  const timer = setTimeout(() => {
    bad("npx captaincore-mcp --demo did not answer within 60 s");
    process.exit(1);
  }, 60_000);
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    if (!tools.some((t) => t.name === "list_sites")) bad(`tools/list lacks list_sites: ${tools.map((t) => t.name).join(", ")}`);
    else ok(`npx captaincore-mcp --demo answers tools/list (${tools.length} tools)`);
    const result = await client.callTool({ name: "list_sites", arguments: { limit: 1 } });
    if (result.isError || result.structuredContent?.total !== 12) bad(`list_sites failed: ${JSON.stringify(result).slice(0, 300)}`);
    else ok("tools/call list_sites works from the installed package");
  } catch (err) {
    bad(`npx captaincore-mcp --demo failed: ${err?.message ?? err}`);
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => {});
  }
} catch (err) {
  bad(`${err?.message ?? err}\n${err?.stderr ?? ""}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures) {
  process.stderr.write(`check-tarball: ${failures} problem(s)\n`);
  process.exit(1);
}
process.stdout.write("check-tarball: all passed\n");
