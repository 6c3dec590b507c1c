#!/usr/bin/env node
/**
 * npm run pack: builds captaincore-mcp-<version>.mcpb (Claude Desktop bundle) with production dependencies only.
 *   1. checks manifest.json (version = package.json's, validated by `mcpb validate`)
 *   2. stages dist/ (built by `npm run build`), manifest.json, icon.png, package.json, README.md, LICENSE in a
 *      temporary folder and installs the production dependencies there (`npm install --omit=dev --ignore-scripts`)
 *   3. `mcpb pack` (which drops *.map, *.d.ts, lock files) plus a .mcpbignore for sources and docs of dependencies
 * Then run `node scripts/check-bundle.mjs` to verify the result. Usage: node scripts/pack.mjs [--out file.mcpb]
 * Prints one line (the file written); the output of npm and mcpb only when a step fails, or with VERBOSE=1.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkManifest, MCPB as mcpb } from "./lib/manifest.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8"));
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, `${pkg.name}-${pkg.version}.mcpb`);
const verbose = Boolean(process.env.VERBOSE && process.env.VERBOSE !== "0");

function die(message) {
  process.stderr.write(`pack: ${message}\n`);
  process.exit(1);
}

if (manifest.version !== pkg.version) die(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}.`);
if (manifest.name !== pkg.name) die(`manifest.json name ${manifest.name} differs from package.json ${pkg.name}.`);
const entry = join(ROOT, manifest.server.entry_point);
if (!existsSync(entry)) die(`${manifest.server.entry_point} is missing: run npm run build first.`);
if (!existsSync(mcpb)) die("@anthropic-ai/mcpb is not installed: run npm ci.");

const stage = mkdtempSync(join(tmpdir(), "cc-mcpb-"));
/** Runs a step; its output is shown only when it fails (or with VERBOSE=1). */
function sh(cmd, args, opts = {}) {
  try {
    const out = execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 300_000, ...opts });
    if (verbose) process.stdout.write(out);
  } catch (err) {
    throw new Error(`${cmd === process.execPath ? "mcpb" : cmd} ${args.slice(cmd === process.execPath ? 1 : 0).join(" ")} failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}
try {
  if (verbose) process.stdout.write(`pack: staging in ${stage}\n`);
  checkManifest();
  cpSync(join(ROOT, "dist"), join(stage, "dist"), { recursive: true, filter: (src) => !src.endsWith(".map") && !src.endsWith(".d.ts") });
  for (const file of ["manifest.json", "icon.png", "package.json", "package-lock.json", "README.md", "LICENSE"]) {
    if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(stage, file));
  }
  // Production dependencies only, at the locked versions; no lifecycle scripts (prepare would try to build).
  // (`npm install` with the lock rather than `npm ci`: ci refuses a lock whose optional dev-only packages the
  // registry lacks, which does not concern a production install.)
  sh("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: stage });
  writeFileSync(
    join(stage, ".mcpbignore"),
    [
      // Sources, type declarations and docs of dependencies: never loaded at run time.
      "node_modules/**/*.ts",
      "node_modules/**/*.d.mts",
      "node_modules/**/*.d.cts",
      "node_modules/**/*.md",
      "node_modules/**/*.markdown",
      "node_modules/zod/src/",
      "node_modules/**/.github/",
      "node_modules/.package-lock.json",
      "package-lock.json",
      "",
    ].join("\n"),
  );
  rmSync(out, { force: true });
  sh(process.execPath, [mcpb, "pack", stage, out]);
  process.stdout.write(`pack: wrote ${relative(process.cwd(), out) || out} (${(statSync(out).size / 1024 / 1024).toFixed(2)} MiB)\n`);
} catch (err) {
  process.stderr.write(`pack: ${err.message}\n`);
  process.exitCode = 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
