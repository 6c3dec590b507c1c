/**
 * Renders survive real shapes (issue 17): every tool whose endpoint has a recorded 2xx answer of a real install
 * (test/fixtures/live) is called through MCP while the simulator replays that recorded body for the tool's request.
 * The result must not contain `undefined`, `NaN` or `[object Object]`, must not be an error unless the recorded answer
 * is one in disguise, and must keep the fields the tool's description promises.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import type { Operation } from "../src/operations/types.js";
import { isRawBody, loadRecordings, type Recording, type Role } from "./contract/recordings.js";
import { startHarness, text, type Harness } from "./harness.js";
import { fieldAccepts, toolCase, validArgs } from "./support/args.js";

type Row = Record<string, unknown>;

/** Recorded 200 answers that are errors in disguise, which the tool rightly reports as an error. */
const ERRORS_IN_DISGUISE: Record<string, string> = {
  get_domain_auth_code: "WP_Error no_domain sent with HTTP 200 (no registrar record)",
  run_provider_action: "empty body: the action does not exist",
  get_site_stats: "empty body: the request named no environment",
  get_capture_image: "empty list: the environment has no capture, so there is no image to show",
  compare_captures: "empty list: the environment has no two captures to compare",
};

/**
 * Fields the descriptions promise, by tool: each path must be present in the result over the real answer.
 * `rows[]` means every item of the list `rows`; a list that is empty in the recording promises nothing.
 */
const PROMISED: Record<string, string[]> = {
  list_sites: ["sites[].site_id", "sites[].name", "sites[].account_id", "sites[].provider", "sites[].core", "sites[].environment_ids", "total"],
  get_site: ["site_id", "name", "account", "environments[].environment", "environments[].home_url", "environments[].core"],
  list_site_environments: ["environments[].environment_id", "environments[].environment", "environments[].home_url", "environments[].core"],
  get_site_details: ["site.site_id", "site.backup_settings", "account.name", "domains[].domain_id", "shared_with[].account_id"],
  list_accounts: ["accounts[].account_id", "accounts[].name"],
  get_account: ["account.plan", "users[].email", "invites", "domains[].name", "sites[].name", "usage"],
  list_domains: ["domains[].domain_id", "domains[].name", "total"],
  get_domain: ["accounts[].name", "connected_sites[].site_id", "connected_sites[].environments", "registrar_note"],
  get_billing: ["address", "subscriptions", "payment_methods", "invoices"],
  get_configurations: ["usage_pricing", "maintenance_pricing", "mode"],
  get_defaults: ["email", "timezone", "recipes", "users"],
  list_component_statuses: ["components[].slug", "components[].type", "components[].statuses"],
  list_component_versions: ["components[].slug", "components[].type", "components[].versions"],
  get_user: ["user_id", "username", "email", "roles", "account_ids"],
  list_user_accounts: ["user_id", "account_ids"],
  get_api_docs: ["headings"],
  list_environments: ["environments[].site_id", "environments[].environment_id", "environments[].environment", "environments[].home_url"],
  list_users: ["users[].user_id", "users[].email"],
  get_me: ["user_id", "username", "email", "roles"],
  list_site_users: ["users[].id", "users[].login", "users[].email", "users[].roles"],
  get_renewal_forecast: ["months[].month", "months[].revenue", "months[].renewals", "total"],
  get_site_usage_breakdown: ["sites[].site_id", "sites[].name", "sites[].storage_bytes", "sites[].visits", "total"],
  preview_site_invite: ["site_name", "account_name"],
  get_email_forwarding_status: ["state", "forwarding_active", "has_mx_record", "has_txt_record"],
};

const BAD_TEXT = ["undefined", "NaN", "[object Object]"];

/**
 * Every NaN, `undefined` list item and "[object Object]"/"undefined"/"NaN" string in a structured result, by path.
 * A property set to undefined is how renders omit a field (JSON drops it on the wire), so it is not flagged here;
 * PROMISED catches the ones that must not be omitted.
 */
function badValues(value: unknown, path = "$"): string[] {
  if (value === undefined) return [`${path}: undefined`];
  if (typeof value === "number" && !Number.isFinite(value)) return [`${path}: ${value}`];
  if (typeof value === "string") return /\[object Object\]|\bundefined\b|\bNaN\b/.test(value) ? [`${path}: ${value.slice(0, 80)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => badValues(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : badValues(v, `${path}.${k}`)));
  }
  return [];
}

/** Paths of PROMISED missing from a result; a list that is empty promises nothing about its items. */
function missingPaths(result: unknown, paths: string[]): string[] {
  const missing: string[] = [];
  const walk = (value: unknown, parts: string[], full: string) => {
    if (!parts.length) return;
    const [head, ...rest] = parts as [string, ...string[]];
    const isList = head.endsWith("[]");
    const key = isList ? head.slice(0, -2) : head;
    const obj = value as Row;
    if (!obj || typeof obj !== "object" || !(key in obj) || obj[key] === undefined) {
      missing.push(full);
      return;
    }
    if (isList) for (const item of Array.isArray(obj[key]) ? (obj[key] as unknown[]) : []) walk(item, rest, full);
    else walk(obj[key], rest, full);
  };
  for (const path of paths) walk(result, path.split("."), path);
  return missing;
}

const norm = (template: string) => template.replace(/\{[a-z_]+\}/g, "{}");

/** The tool arguments that reproduce the recorded request: path values by position, query values by name. */
function argsFor(op: Operation, tool: Tool, recording: Recording): Record<string, unknown> {
  const c = toolCase(tool);
  const { args } = validArgs(c);
  const [, target] = recording.request.split(" ") as [string, string];
  const [path, query = ""] = target.split("?") as [string, string?];
  const names = [...op.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!);
  const regex = new RegExp(`^${op.path.replace(/\{[a-z_]+\}/g, "([^/]+)")}$`);
  const values = regex.exec(path)?.slice(1) ?? [];
  const recorded: [string, string][] = [...names.map((n, i) => [n, values[i]!] as [string, string]), ...new URLSearchParams(query)];
  const known = tool.inputSchema.properties ?? {};
  for (const [name, raw] of recorded) {
    if (!(name in known)) continue;
    for (const value of [Number(raw), raw, raw.toLowerCase()]) {
      if (fieldAccepts(c, name, value)) {
        args[name] = value;
        break;
      }
    }
  }
  return args;
}

interface Case {
  name: string;
  op: Operation;
  recording: Recording;
}

const recordings = loadRecordings().filter((r) => r.status < 300);
const cases: Case[] = [];
for (const recording of recordings) {
  for (const op of ALL_OPERATIONS) {
    if (norm(`${op.method} ${op.path}`) === norm(recording.endpoint)) cases.push({ name: `${op.name} over ${recording.role} ${recording.request}`, op, recording });
  }
}

const harnesses = {} as Record<Role, Harness>;
let tools = new Map<string, Tool>();

beforeAll(async () => {
  harnesses.admin = await startHarness({ user: "admin", toolsets: "all" });
  harnesses.client = await startHarness({ user: "client", toolsets: "all", sim: harnesses.admin.sim });
  tools = new Map((await harnesses.admin.client.listTools()).tools.map((t) => [t.name, t]));
});

afterAll(async () => {
  await harnesses.client.close();
  await harnesses.admin.close();
  const ops = new Set(cases.map((c) => c.op.name));
  console.log(`render-real: ${ops.size} tools rendered over ${cases.length} recorded answers; ${Object.keys(PROMISED).length} tools checked for promised fields`);
});

async function replay(c: Case): Promise<CallToolResult> {
  const h = harnesses[c.recording.role];
  const [, target] = c.recording.request.split(" ") as [string, string];
  const path = target.split("?")[0]!;
  const raw = isRawBody(c.recording.body) ? c.recording.body.non_json_body : undefined;
  h.sim.inject({
    method: "GET",
    path: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&")}$`),
    times: Infinity,
    status: c.recording.status,
    ...(raw === undefined ? { body: c.recording.body } : { raw }),
    contentType: c.recording.contentType,
  });
  try {
    return await h.call(c.op.name, argsFor(c.op, tools.get(c.op.name)!, c.recording));
  } finally {
    h.sim.clearFaults();
  }
}

describe("renders survive the real plugin's answers", () => {
  it("covers every endpoint that has a recorded 2xx answer", () => {
    const covered = new Set(cases.map((c) => norm(c.recording.endpoint)));
    expect([...new Set(recordings.map((r) => norm(r.endpoint)))].filter((e) => !covered.has(e))).toEqual([]);
  });

  it("names only tools that are rendered here as errors in disguise", () => {
    expect(Object.keys(ERRORS_IN_DISGUISE).filter((name) => !cases.some((c) => c.op.name === name))).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await replay(c);
    if (process.env.DUMP_RENDER) console.log(`@@ ${c.name} ${result.isError ? "ERROR" : ""}\n${text(result).slice(0, 700)}`);
    const body = text(result);
    for (const bad of BAD_TEXT) expect(body, `${c.op.name} text contains ${bad}: ${body.slice(0, 300)}`).not.toContain(bad);
    expect(badValues(result.structuredContent)).toEqual([]);
    if (result.isError) {
      expect(ERRORS_IN_DISGUISE[c.op.name], `${c.op.name} failed over a real 2xx answer: ${body.slice(0, 300)}`).toBeDefined();
      return;
    }
    // An empty answer (non-admins get [] from some admin data) promises nothing.
    const empty = Array.isArray(c.recording.body) && c.recording.body.length === 0;
    if (!empty) expect(missingPaths(result.structuredContent, PROMISED[c.op.name] ?? [])).toEqual([]);
  });
});
