/**
 * Secrets (issue 9 §3): every listed tool, with valid arguments, under success, 401 (wrong password), 500 (whose
 * body echoes the credentials, as a debug page would) and an unreachable URL, with debug logging on. Every result
 * and every log notification is scanned — and the stderr of a stdio child doing the same — for the application
 * password (with and without spaces), the Basic header, and every secret of the simulator: SFTP/DB passwords,
 * offload keys, environment tokens, provider credentials, other users' application passwords, TFA secrets…
 * Zero hits.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { setJobTiming } from "../src/jobs/wait.js";
import { allSecrets, SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { startHarness, type Harness } from "./harness.js";
import { effectRank, toolCase, validArgs } from "./support/args.js";
import { allSpellingSecrets, ECHO_PASSWORD, echoText, passwordLeaks, secretSpellingsBody, stringsOf } from "./support/leaks.js";

/** A WordPress application password as WordPress shows it: groups of four, with spaces. */
const PASSWORD = "AbCd EfGh IjKl MnOp QrSt UvWx";
const WRONG_PASSWORD = "WxYz 1234 AbCd 5678 EfGh 9012";

function credentialForms(username: string, password: string): string[] {
  const compact = password.replace(/\s+/g, "");
  const token = (p: string) => Buffer.from(`${username}:${p}`).toString("base64");
  return [password, compact, token(password), `Basic ${token(password)}`, token(compact), `Basic ${token(compact)}`];
}

/** The simulator's admin now has an application password with spaces, as real ones do. */
function useSpacedPassword(sim: Simulator): void {
  const admin = sim.state.users.find((u) => u.username === SEED_USERS.admin.username)!;
  admin.app_password = PASSWORD;
}

/** A 500 whose body echoes the request's credentials, as a PHP debug page might. */
function echoingFatal(password: string) {
  const header = `Basic ${Buffer.from(`${SEED_USERS.admin.username}:${password}`).toString("base64")}`;
  return {
    status: 500,
    body: {
      code: "internal_server_error",
      message: `Fatal error: Uncaught Exception: auth failed for Authorization: ${header} with password ${password}`,
      data: { status: 500, headers: { authorization: header }, password },
      additional_errors: [{ code: "debug", message: `app password ${password.replace(/\s+/g, "")}` }],
    },
  };
}

interface Transcript {
  results: string[];
  logs: string[];
}

function ordered(tools: Tool[]): Tool[] {
  return [...tools].sort((a, b) => effectRank(a) - effectRank(b));
}

/** Runs every tool with valid arguments, `concurrency` at a time within each effect group (reads, writes, destructive). */
async function runEveryTool(
  call: (name: string, args: Record<string, unknown>) => Promise<unknown>,
  tools: Tool[],
  concurrency: number,
  into: string[],
): Promise<void> {
  for (const rank of [0, 1, 2]) {
    const group = ordered(tools).filter((t) => effectRank(t) === rank);
    for (let i = 0; i < group.length; i += concurrency) {
      await Promise.all(
        group.slice(i, i + concurrency).map(async (tool) => {
          const { args } = validArgs(toolCase(tool));
          collectStrings(args);
          try {
            into.push(`${tool.name}: ${JSON.stringify(await call(tool.name, args))}`);
          } catch (err) {
            into.push(`${tool.name} threw: ${String((err as Error)?.message ?? err)}`);
          }
        }),
      );
    }
  }
}

function collectStrings(v: unknown): void {
  if (typeof v === "string") suppliedByTest.add(v);
  else if (Array.isArray(v)) v.forEach(collectStrings);
  else if (v && typeof v === "object") Object.values(v).forEach(collectStrings);
}

async function withLogs(h: Harness): Promise<string[]> {
  const logs: string[] = [];
  h.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(JSON.stringify(n.params));
  });
  await h.client.setLoggingLevel("debug");
  return logs;
}

/** Strings the test itself passed as arguments (e.g. a provider token to store): the agent typed them, not secrets. */
const suppliedByTest = new Set<string>();

function hits(haystack: string[], secrets: string[]): string[] {
  const found: string[] = [];
  const wanted = [...new Set(secrets.filter((s) => typeof s === "string" && s.length >= 6 && !suppliedByTest.has(s)))];
  for (const line of haystack) {
    for (const secret of wanted) {
      if (line.includes(secret)) found.push(`${JSON.stringify(secret)} in: ${line.slice(Math.max(0, line.indexOf(secret) - 120), line.indexOf(secret) + 60)}`);
    }
  }
  return found;
}

describe("secrets never leave the server", () => {
  let sim: Simulator;
  let tools: Tool[];
  let restoreTiming: () => void;
  const transcripts: Record<string, Transcript> = {};

  beforeAll(async () => {
    restoreTiming = setJobTiming({ firstPollMs: 20, maxPollMs: 50, queuedGraceMs: 100 });
    sim = await startSimulator();
    useSpacedPassword(sim);
  });
  afterAll(async () => {
    restoreTiming();
    await sim.stop();
    const summary = Object.entries(transcripts).map(([k, t]) => `${k}: ${t.results.length} results, ${t.logs.length} log messages`);
    console.log(`secrets: scanned ${summary.join("; ")}`);
  });

  const scenario = async (name: string, opts: { password: string; sim?: Simulator; fault?: boolean; concurrency: number }) => {
    const h = await startHarness({ sim: opts.sim ?? sim, toolsets: "all", password: opts.password, timeoutMs: 1500 });
    try {
      tools ??= (await h.client.listTools()).tools;
      const logs = await withLogs(h);
      if (opts.fault) (opts.sim ?? sim).inject({ ...echoingFatal(opts.password), times: Infinity });
      const results: string[] = [];
      await runEveryTool((n, a) => h.call(n, a), tools, opts.concurrency, results);
      // Resources too (job handles the run tools created, site lists…).
      try {
        const { resources } = await h.client.listResources();
        results.push(JSON.stringify(resources));
        for (const r of resources.slice(0, 20)) results.push(JSON.stringify(await h.client.readResource({ uri: r.uri }).catch((e) => String(e))));
      } catch (err) {
        results.push(String(err));
      }
      await new Promise((r) => setTimeout(r, 50)); // let the last notifications arrive
      transcripts[name] = { results, logs };
      return { results, logs, h };
    } finally {
      (opts.sim ?? sim).clearFaults();
      await h.close();
    }
  };

  it("on success: results and debug logs carry no secret", async () => {
    const { results, logs } = await scenario("success", { password: PASSWORD, concurrency: 1 });
    // Most calls succeed, and answers that carried secrets were seen (and redacted).
    expect(results.filter((r) => !r.includes('"isError":true')).length).toBeGreaterThan(tools.length / 2);
    expect(results.filter((r) => r.includes("[redacted]")).length).toBeGreaterThan(3);
    expect(logs.length).toBeGreaterThan(tools.length);
    expect(logs.some((l) => l.includes('"level":"debug"'))).toBe(true);
    const secrets = [...allSecrets(sim.state), ...credentialForms(SEED_USERS.admin.username, PASSWORD)];
    expect(secrets.length).toBeGreaterThan(40);
    expect(hits([...results, ...logs], secrets)).toEqual([]);
  });

  it("with a wrong password (401): no secret, and not the wrong password either", async () => {
    const { results, logs } = await scenario("401", { password: WRONG_PASSWORD, concurrency: 8 });
    expect(results.some((r) => r.includes("unauthorized"))).toBe(true);
    const secrets = [...allSecrets(sim.state), ...credentialForms(SEED_USERS.admin.username, PASSWORD), ...credentialForms(SEED_USERS.admin.username, WRONG_PASSWORD)];
    expect(hits([...results, ...logs], secrets)).toEqual([]);
  });

  it("on 500s whose bodies echo the credentials: scrubbed everywhere", async () => {
    const fresh = await startSimulator();
    useSpacedPassword(fresh);
    try {
      const { results, logs } = await scenario("500", { password: PASSWORD, sim: fresh, fault: true, concurrency: 8 });
      expect(results.filter((r) => r.includes("server_error")).length).toBeGreaterThan(tools.length / 2);
      const secrets = [...allSecrets(fresh.state), ...credentialForms(SEED_USERS.admin.username, PASSWORD)];
      expect(hits([...results, ...logs], secrets)).toEqual([]);
    } finally {
      await fresh.stop();
    }
  });

  it("with an unreachable URL (a closed port): no secret", async () => {
    const dead = await startSimulator();
    await dead.stop();
    const { results, logs } = await scenario("unreachable", { password: PASSWORD, sim: dead, concurrency: 24 });
    expect(results.filter((r) => r.includes('"network"')).length).toBeGreaterThan(tools.length / 2);
    expect(hits([...results, ...logs], credentialForms(SEED_USERS.admin.username, PASSWORD))).toEqual([]);
  });

  const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  it("over stdio: results, log notifications and stderr of the child carry no secret (success, then 500s)", async () => {
    expect(existsSync(bin), "run npm run build first (npm test does)").toBe(true);
    const childSim = await startSimulator();
    useSpacedPassword(childSim);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: {
        PATH: process.env.PATH ?? "",
        CAPTAINCORE_URL: childSim.origin,
        CAPTAINCORE_USERNAME: SEED_USERS.admin.username,
        CAPTAINCORE_APP_PASSWORD: PASSWORD,
        CAPTAINCORE_TOOLSETS: "all",
        CAPTAINCORE_TIMEOUT_MS: "1500",
      },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client({ name: "secrets-test", version: "1.0.0" });
    const logs: string[] = [];
    const results: string[] = [];
    try {
      await client.connect(transport);
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        logs.push(JSON.stringify(n.params));
      });
      await client.setLoggingLevel("debug");
      const childTools = (await client.listTools()).tools;
      const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });
      await runEveryTool(call, childTools, 4, results);
      childSim.inject({ ...echoingFatal(PASSWORD), times: Infinity });
      await runEveryTool(call, childTools.filter((t) => effectRank(t) === 0), 8, results);
      childSim.clearFaults();
    } finally {
      await client.close();
      await childSim.stop();
    }
    transcripts.stdio = { results, logs: [...logs, stderr] };
    expect(results.length).toBeGreaterThan(50);
    expect(stderr).toContain("warning"); // the 500s were logged to stderr
    const secrets = [...allSecrets(childSim.state), ...credentialForms(SEED_USERS.admin.username, PASSWORD)];
    expect(hits([...results, ...logs, stderr], secrets)).toEqual([]);
  }, 60_000);

  /**
   * An upstream that echoes the password in every form (separated, re-cased, URL-encoded, JSON-escaped, base64 in
   * three alignments, the Basic header) and answers secrets under every key spelling, on every path: first as
   * successful answers, then as 500s and as redirects. Every tool, every listed resource, every resource template
   * and prompt completion, every prompt, and every error is scanned with a detector that decodes those forms.
   */
  it("an upstream echoing the password in every form and secrets under every key spelling: nothing leaves (tools, resources, completions, prompts, errors)", async () => {
    const echo = await startSimulator();
    echo.state.users.find((u) => u.username === SEED_USERS.admin.username)!.app_password = ECHO_PASSWORD;
    const h = await startHarness({ sim: echo, toolsets: "all", password: ECHO_PASSWORD, timeoutMs: 1500 });
    const seen: string[] = [];
    const leakText = echoText(SEED_USERS.admin.username, ECHO_PASSWORD);
    const answer = secretSpellingsBody({ site_id: 1, name: `site ${leakText}`, home_url: `https://x.example/?p=${encodeURIComponent(ECHO_PASSWORD)}`, message: leakText });
    try {
      const logs = await withLogs(h);
      const everything = async () => {
        const tools = (await h.client.listTools()).tools;
        await runEveryTool((n, a) => h.call(n, a), tools.filter((t) => effectRank(t) === 0), 8, seen);
        const { resources } = await h.client.listResources().catch((e) => ({ resources: [], error: String(e) }));
        seen.push(...stringsOf(resources));
        for (const uri of [...resources.map((r) => r.uri), "captaincore://sites/1", "captaincore://sites/1/production/quicksaves/abc123", "captaincore://jobs/abc123", "captaincore://docs/api"]) {
          seen.push(...stringsOf(await h.client.readResource({ uri }).catch((e) => String(e))));
        }
        const { resourceTemplates } = await h.client.listResourceTemplates();
        for (const t of resourceTemplates) {
          for (const [, arg] of t.uriTemplate.matchAll(/\{(\w+)\}/g)) {
            const ref = { type: "ref/resource" as const, uri: t.uriTemplate };
            seen.push(...stringsOf(await h.client.complete({ ref, argument: { name: arg!, value: "" }, context: { arguments: { site_id: "1" } } }).catch((e) => String(e))));
          }
        }
        for (const p of (await h.client.listPrompts()).prompts) {
          for (const arg of p.arguments ?? []) {
            const ref = { type: "ref/prompt" as const, name: p.name };
            seen.push(...stringsOf(await h.client.complete({ ref, argument: { name: arg.name, value: "" }, context: { arguments: { site_id: "1" } } }).catch((e) => String(e))));
          }
          const args = { plugin: "akismet", site_id: "1", domain_id: "1", fixed_version: "5.0", symptom: `it broke; ${leakText}` };
          const wanted = Object.fromEntries((p.arguments ?? []).map((a) => [a.name, args[a.name as keyof typeof args]]));
          seen.push(...stringsOf(await h.client.getPrompt({ name: p.name, arguments: wanted }).catch((e) => String(e))));
        }
      };
      echo.inject({ body: answer, times: Infinity });
      await everything();
      echo.clearFaults();
      echo.inject({ status: 500, body: { code: "internal_server_error", message: leakText, data: { status: 500, ...answer } }, times: Infinity });
      await everything();
      echo.clearFaults();
      echo.inject({ status: 302, headers: { Location: `https://x.example/login?pw=${encodeURIComponent(ECHO_PASSWORD)}` }, raw: "", times: Infinity });
      await everything();
      await new Promise((r) => setTimeout(r, 50));
      transcripts.echo = { results: seen, logs };
      expect(seen.length).toBeGreaterThan(500);
      expect(seen.some((s) => s.includes("[redacted]"))).toBe(true);
      expect(passwordLeaks([...seen, ...logs], ECHO_PASSWORD)).toEqual([]);
      expect(hits([...seen, ...logs], allSpellingSecrets())).toEqual([]);
    } finally {
      echo.clearFaults();
      await h.close();
      await echo.stop();
    }
  }, 60_000);
});
