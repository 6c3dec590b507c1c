#!/usr/bin/env node
/**
 * Verifies the .mcpb built by scripts/pack.mjs: size, contents (no tests, no sources, no source maps, no dev
 * dependencies; the production ones present), the manifest inside (`mcpb validate`, version), and that the
 * unpacked bundle starts as Claude Desktop would start it (node dist/cli.js, here with --demo) and answers
 * tools/list. Usage: node scripts/check-bundle.mjs [file.mcpb]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const bundle = process.argv[2] ?? join(ROOT, `${pkg.name}-${pkg.version}.mcpb`);
const mcpb = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
const MAX_BYTES = 8 * 1024 * 1024;

let failures = 0;
const ok = (m) => process.stdout.write(`ok   ${m}\n`);
const bad = (m) => {
  failures++;
  process.stderr.write(`FAIL ${m}\n`);
};

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const size = statSync(bundle).size;
if (size > MAX_BYTES) bad(`bundle is ${(size / 1048576).toFixed(2)} MiB (limit ${MAX_BYTES / 1048576} MiB)`);
else ok(`bundle size ${(size / 1048576).toFixed(2)} MiB (limit ${MAX_BYTES / 1048576} MiB)`);

const dir = mkdtempSync(join(tmpdir(), "cc-mcpb-check-"));
try {
  execFileSync(process.execPath, [mcpb, "unpack", bundle, dir], { stdio: "ignore", timeout: 120_000 });
  const files = walk(dir).map((f) => relative(dir, f).split(sep).join("/"));
  ok(`${files.length} files`);

  const top = new Set(files.map((f) => f.split("/")[0]));
  const expectedTop = ["dist", "node_modules", "manifest.json", "icon.png", "package.json", "README.md"];
  for (const t of expectedTop) if (!top.has(t)) bad(`missing ${t}`);
  const allowedTop = new Set([...expectedTop, "LICENSE"]);
  const extra = [...top].filter((t) => !allowedTop.has(t));
  if (extra.length) bad(`unexpected top-level entries: ${extra.join(", ")}`);
  else ok(`top level: ${[...top].sort().join(", ")}`);

  const forbidden = files.filter(
    (f) =>
      f.endsWith(".map") ||
      /^(test|tests|src|bench|scripts|coverage|\.ci|\.git)\//.test(f) ||
      (!f.startsWith("node_modules/") && /\.(ts|mts|cts)$/.test(f)) ||
      /(^|\/)\.env/.test(f) ||
      f.endsWith(".mcpb") ||
      f.endsWith(".tgz"),
  );
  if (forbidden.length) bad(`forbidden files: ${forbidden.slice(0, 10).join(", ")}${forbidden.length > 10 ? ` … (${forbidden.length})` : ""}`);
  else ok("no tests, sources, source maps, env files or archives");

  const installed = new Set(
    files
      .filter((f) => /^node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(f))
      .map((f) => f.replace(/^node_modules\//, "").replace(/\/package\.json$/, "")),
  );
  const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((d) => !(d in (pkg.dependencies ?? {})));
  const leaked = [...devOnly, "vitest", "typescript", "vite", "@vitest/runner"].filter((d) => installed.has(d));
  if (leaked.length) bad(`dev dependencies in the bundle: ${leaked.join(", ")}`);
  else ok(`no dev dependencies (${devOnly.join(", ")})`);
  const missing = Object.keys(pkg.dependencies ?? {}).filter((d) => !installed.has(d));
  if (missing.length) bad(`production dependencies missing: ${missing.join(", ")}`);
  else ok(`production dependencies present (${installed.size} packages)`);

  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  if (manifest.version !== pkg.version) bad(`manifest version ${manifest.version} ≠ package.json ${pkg.version}`);
  try {
    execFileSync(process.execPath, [mcpb, "validate", join(dir, "manifest.json")], { stdio: "ignore", timeout: 60_000 });
    ok(`manifest valid (${manifest.manifest_version}, version ${manifest.version})`);
  } catch {
    bad("mcpb validate failed on the manifest inside the bundle");
  }
  const sensitive = manifest.user_config?.app_password?.sensitive === true;
  if (!sensitive) bad("user_config.app_password is not marked sensitive");

  // Start it the way Claude Desktop does (mcp_config: node ${__dirname}/<entry>), in demo mode.
  const args = manifest.server.mcp_config.args.map((a) => a.replace("${__dirname}", dir));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...args, "--demo"],
    // Every toolset, so that each tool the manifest names can be checked against what the server really serves.
    env: { PATH: process.env.PATH ?? "", CAPTAINCORE_TOOLSETS: "all" },
    cwd: tmpdir(),
    stderr: "pipe",
  });
  const client = new Client({ name: "bundle-check", version: "1.0.0" });
  const timer = setTimeout(() => {
    bad("the bundled server did not answer within 30 s");
    process.exit(1);
  }, 30_000);
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const listed = new Set(tools.map((t) => t.name));
    const unknown = (manifest.tools ?? []).map((t) => t.name).filter((n) => !listed.has(n));
    if (!listed.has("list_sites")) bad("the bundled server does not list list_sites");
    else if (unknown.length) bad(`manifest lists tools the server does not serve: ${unknown.join(", ")}`);
    else ok(`the unpacked bundle serves ${tools.length} tools over stdio (manifest lists ${(manifest.tools ?? []).length})`);
  } catch (err) {
    bad(`the bundled server failed: ${err?.message ?? err}`);
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => {});
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (failures) {
  process.stderr.write(`check-bundle: ${failures} problem(s)\n`);
  process.exit(1);
}
process.stdout.write("check-bundle: all passed\n");
