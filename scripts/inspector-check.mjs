#!/usr/bin/env node
/**
 * CI: the official MCP Inspector CLI (Node >= 22, run through npx) against the built server.
 *   stdio, --demo:  tools/list, tools/call list_sites, resources/templates/list
 *   HTTP (token):   tools/list, tools/call run_code → a job token, resources/read captaincore://jobs/{token},
 *                   and a request without the token is refused
 *   stdio again:    the same job read by another process (job resources are stateless)
 * and a graceful SIGTERM of the HTTP server. Every child is time-bounded. Usage: node scripts/inspector-check.mjs
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { BIN, fail, pass, run, startDemoHttp } from "./lib/proc.mjs";

const INSPECTOR = process.env.INSPECTOR_PACKAGE ?? "@modelcontextprotocol/inspector@2.12.0";
const scratch = mkdtempSync(join(tmpdir(), "cc-inspector-"));
const env = {
  ...process.env,
  // Keep the Inspector's catalog, client config and secrets out of the user's home.
  MCP_CATALOG_PATH: join(scratch, "mcp.json"),
  MCP_CLIENT_CONFIG_PATH: join(scratch, "client.json"),
  MCP_STORAGE_DIR: join(scratch, "storage"),
  MCP_INSPECTOR_OAUTH_STATE_PATH: join(scratch, "oauth.json"),
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
};

/** Installs (npx cache) Node 22 and the Inspector once; returns the folder holding node and mcp-inspector. */
async function resolveInspector() {
  const res = await run("npx", ["-y", "-p", "node@22", "-p", INSPECTOR, "-c", 'dirname "$(command -v mcp-inspector)"'], {
    env,
    timeoutMs: 300_000,
  });
  const dir = res.stdout.trim().split("\n").pop();
  if (res.code !== 0 || !dir) throw new Error(`could not install ${INSPECTOR} with node@22 through npx:\n${res.stderr.slice(-2000)}`);
  return dir;
}

let binDir;

/** One Inspector CLI call; returns the parsed {result} or throws with its stderr. */
async function inspector(args, { expectFailure = false, timeoutMs = 120_000 } = {}) {
  binDir ??= await resolveInspector();
  const res = await run(join(binDir, "mcp-inspector"), ["--cli", "--format", "json", ...args], {
    env: { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ""}` },
    timeoutMs,
  });
  const stderr = res.stderr
    .split("\n")
    .filter((l) => !/^npm (warn|notice)/.test(l))
    .join("\n")
    .trim();
  if (res.timedOut) throw new Error(`inspector timed out after ${timeoutMs} ms: ${args.join(" ")}\n${stderr}`);
  if (expectFailure) {
    if (res.code === 0) throw new Error(`inspector succeeded but should have failed: ${args.join(" ")}\n${res.stdout.slice(0, 500)}`);
    return { code: res.code, stderr, stdout: res.stdout };
  }
  if (res.code !== 0) throw new Error(`inspector exited ${res.code}: ${args.join(" ")}\n${stderr}\n${res.stdout.slice(0, 2000)}`);
  try {
    return JSON.parse(res.stdout).result;
  } catch {
    throw new Error(`inspector printed no JSON: ${res.stdout.slice(0, 500)}\n${stderr}`);
  }
}

const stdioDemo = ["--", process.execPath, BIN, "--demo"];
const structured = (result) => result?.structuredContent ?? JSON.parse(result?.content?.find((c) => c.type === "text")?.text ?? "{}");

/** Passing checks are summed up in one line at the end; a failing one prints its details at once. */
const passed = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    passed.push(detail ? `${name} (${detail})` : name);
  } catch (err) {
    fail(`${name}: ${err?.message ?? err}`);
  }
}

async function main() {
  await check("stdio --demo tools/list", async () => {
    const { tools } = await inspector(["--method", "tools/list", ...stdioDemo]);
    const names = tools.map((t) => t.name);
    for (const want of ["list_sites", "get_site", "run_code", "search_operations"]) {
      if (!names.includes(want)) throw new Error(`${want} missing from ${names.join(", ")}`);
    }
    return `${tools.length} tools`;
  });

  await check("stdio --demo tools/call list_sites", async () => {
    const result = await inspector(["--method", "tools/call", "--tool-name", "list_sites", "--tool-args-json", '{"limit":2}', ...stdioDemo]);
    if (result.isError) throw new Error(JSON.stringify(result).slice(0, 500));
    const data = structured(result);
    if (data.total !== 12 || data.sites?.length !== 2) throw new Error(`unexpected result ${JSON.stringify(data).slice(0, 300)}`);
    return `total ${data.total}`;
  });

  await check("stdio --demo resources/templates/list", async () => {
    const { resourceTemplates } = await inspector(["--method", "resources/templates/list", ...stdioDemo]);
    if (!resourceTemplates.some((t) => t.uriTemplate === "captaincore://jobs/{token}")) {
      throw new Error(`no job template in ${resourceTemplates.map((t) => t.uriTemplate).join(", ")}`);
    }
    return `${resourceTemplates.length} templates`;
  });

  const token = randomBytes(24).toString("hex");
  let server;
  try {
    server = await startDemoHttp({ env: { CAPTAINCORE_MCP_TOKEN: token } });
  } catch (err) {
    fail(`HTTP server: ${err.message}`);
    return;
  }
  const http = ["--transport", "http", "--server-url", server.url, "--header", `Authorization: Bearer ${token}`];
  let jobUri;
  try {
    await check("HTTP tools/list", async () => {
      const { tools } = await inspector([...http, "--method", "tools/list"]);
      if (!tools.some((t) => t.name === "list_sites")) throw new Error("list_sites missing");
      return `${tools.length} tools`;
    });

    await check("HTTP tools/call run_code → job", async () => {
      const result = await inspector([
        ...http,
        "--method",
        "tools/call",
        "--tool-name",
        "run_code",
        "--tool-args-json",
        JSON.stringify({ code: "wp plugin list", environments: [1], wait_seconds: 0 }),
      ]);
      if (result.isError) throw new Error(JSON.stringify(result).slice(0, 500));
      const text = JSON.stringify(result);
      const m = /captaincore:\/\/jobs\/([A-Za-z0-9]+)/.exec(text) ?? /"token"\s*:\s*"([A-Za-z0-9]+)"/.exec(text);
      if (!m) throw new Error(`no job token in ${text.slice(0, 500)}`);
      jobUri = `captaincore://jobs/${m[1]}`;
      return jobUri;
    });

    await check("HTTP resources/read job", async () => {
      if (!jobUri) throw new Error("no job to read");
      const { contents } = await inspector([...http, "--method", "resources/read", "--uri", jobUri]);
      const body = JSON.parse(contents?.[0]?.text ?? "{}");
      if (contents[0].uri !== jobUri || !body.status) throw new Error(`unexpected ${JSON.stringify(contents).slice(0, 300)}`);
      return `status ${body.status}`;
    });

    await check("stdio resources/read of the same job from another process", async () => {
      if (!jobUri) throw new Error("no job to read");
      const simEnv = [
        "-e",
        `CAPTAINCORE_URL=${server.simulatorUrl}`,
        "-e",
        `CAPTAINCORE_USERNAME=${server.username}`,
        "-e",
        `CAPTAINCORE_APP_PASSWORD=${await demoPassword(server.username)}`,
      ];
      const { contents } = await inspector([...simEnv, "--method", "resources/read", "--uri", jobUri, "--", process.execPath, BIN]);
      const body = JSON.parse(contents?.[0]?.text ?? "{}");
      if (!body.status) throw new Error(`unexpected ${JSON.stringify(contents).slice(0, 300)}`);
      return `status ${body.status}`;
    });

    await check("HTTP without the token shows the server's 401", async () => {
      // --stored-auth-only: the Inspector's non-interactive mode; without it and without a TTY, the Inspector
      // answers any 401 with "Interactive OAuth requires a TTY" before asking the server anything more.
      const res = await inspector(["--transport", "http", "--server-url", server.url, "--stored-auth-only", "--method", "tools/list"], {
        expectFailure: true,
      });
      const printed = `${res.stdout}\n${res.stderr}`;
      if (!/Authorization: Bearer <token>.*CAPTAINCORE_MCP_TOKEN/.test(printed)) throw new Error(`failed, but without the server's 401 message:\n${printed.slice(0, 600)}`);
      if (!/POST \/mcp 401/.test(server.stderr())) throw new Error("the server did not log a 401");
      if (/well-known\/\S+ (?!404)\d{3}/.test(server.stderr())) throw new Error(`OAuth discovery did not get 404:\n${server.stderr().slice(-800)}`);
      return `exit ${res.code}`;
    });

    await check("server log has no secrets", async () => {
      const log = server.stderr();
      if (log.includes(token)) throw new Error("the bearer token appears in the server log");
      if (log.includes(await demoPassword(server.username))) throw new Error("the application password appears in the server log");
      return `${log.split("\n").filter((l) => l.includes(" http ")).length} request lines`;
    });
  } finally {
    const code = await server.stop();
    if (code === 0) passed.push("graceful SIGTERM");
    else fail(`HTTP server did not exit 0 on SIGTERM (got ${code})\n${server.stderr().slice(-2000)}`);
  }
}

async function demoPassword(username) {
  const { SEED_USERS } = await import(new URL("../dist/simulator/index.js", import.meta.url).href);
  const user = Object.values(SEED_USERS).find((u) => u.username === username);
  if (!user) throw new Error(`no seed user ${username}`);
  return user.password;
}

try {
  await main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (process.exitCode) process.stderr.write("inspector-check: FAILED\n");
else pass(`inspector: ${passed.length} checks pass: ${passed.join("; ")}`);
