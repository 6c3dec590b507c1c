#!/usr/bin/env node
/**
 * CI: the official MCP conformance suite (@modelcontextprotocol/conformance, Node >= 22 through npx) against
 * `captaincore-mcp --demo --http`, stateless and in session mode. Fixture-only scenarios are listed in
 * conformance-expected-failures.yml (the suite fails the run on any other failure and on a stale entry); the
 * scenarios that apply to a real server must have run with at least one passing check.
 * Usage: node scripts/conformance.mjs
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fail, pass, ROOT, run, startDemoHttp } from "./lib/proc.mjs";

const PACKAGE = process.env.CONFORMANCE_PACKAGE ?? "@modelcontextprotocol/conformance@0.1.16";
const EXPECTED = join(ROOT, "conformance-expected-failures.yml");
const MUST_PASS = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "resources-subscribe",
  "resources-unsubscribe",
  "prompts-list",
  "completion-complete",
  "dns-rebinding-protection",
];

const scratch = mkdtempSync(join(tmpdir(), "cc-conformance-"));
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" };

async function resolveBin() {
  const res = await run("npx", ["-y", "-p", "node@22", "-p", PACKAGE, "-c", 'dirname "$(command -v conformance)"'], {
    env,
    timeoutMs: 300_000,
  });
  const dir = res.stdout.trim().split("\n").pop();
  if (res.code !== 0 || !dir) throw new Error(`could not install ${PACKAGE} with node@22 through npx:\n${res.stderr.slice(-2000)}`);
  return dir;
}

/** The committed baseline; for the stateless run, its `stateless_only` entries join the `server` list. */
function baseline(mode) {
  const text = readFileSync(EXPECTED, "utf8");
  const section = (name) => {
    const m = new RegExp(`^${name}:\\n((?:[ \\t]*(?:-.*|#.*)?\\n)*)`, "m").exec(text);
    return m ? [...m[1].matchAll(/^\s*-\s*(\S+)/gm)].map((x) => x[1]) : [];
  };
  const server = section("server");
  if (server.length === 0) throw new Error(`no server: list in ${EXPECTED}`);
  const names = mode === "stateless" ? [...server, ...section("stateless_only")] : server;
  const file = join(scratch, `expected-${mode}.yml`);
  writeFileSync(file, `server:\n${names.map((n) => `  - ${n}\n`).join("")}`);
  return file;
}

async function suite(binDir, mode) {
  let server;
  try {
    server = await startDemoHttp({ env: mode === "sessions" ? { CAPTAINCORE_MCP_SESSIONS: "true" } : {} });
  } catch (err) {
    fail(`${mode}: ${err.message}`);
    return;
  }
  try {
    const res = await run(join(binDir, "conformance"), ["server", "--url", server.url, "--expected-failures", baseline(mode)], {
      env: { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ""}` },
      cwd: scratch,
      timeoutMs: 300_000,
    });
    const out = `${res.stdout}\n${res.stderr}`;
    const summary = out.slice(out.indexOf("=== SUMMARY ===")).trim();
    const scenarios = summary.match(/^[✓✗] /gm)?.length ?? 0;
    const failed = summary.match(/^✗ /gm)?.length ?? 0;
    const notPassing = MUST_PASS.filter((name) => {
      const m = new RegExp(`^✓ ${name}: (\\d+) passed, 0 failed`, "m").exec(summary);
      return !m || Number(m[1]) < 1;
    });
    // Details only when something is unexpected: the suite's summary, then the end of its output.
    const details = `\n── conformance, ${mode} (${server.url}) ──\n${summary}\n${out.slice(-3000)}`;
    if (res.timedOut) fail(`${mode}: the suite timed out${details}`);
    else if (res.code !== 0) fail(`${mode}: the suite exited ${res.code} (an unexpected failure, or a stale expected-failures entry)${details}`);
    else if (notPassing.length) fail(`${mode}: ${notPassing.join(", ")} did not pass with at least one check${details}`);
    else pass(`conformance, ${mode}: ${scenarios} scenarios, ${scenarios - failed} pass, ${failed} expected failures (fixture-only), the ${MUST_PASS.length} required all pass (${res.ms} ms)`);
  } finally {
    const code = await server.stop();
    if (code !== 0) fail(`${mode}: the server did not exit 0 on SIGTERM (got ${code})`);
  }
}

try {
  const binDir = await resolveBin();
  for (const mode of ["stateless", "sessions"]) await suite(binDir, mode);
} catch (err) {
  fail(err.message);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (process.exitCode) process.stderr.write("conformance: FAILED\n");
