/**
 * Contract tests (issue 17): the simulator drives the demo and every other test, so it must answer like the real
 * plugin. Each recorded answer of a real install (test/fixtures/live) is replayed against the simulator as the seed
 * user of the same role; 2xx answers must have the same shape (keys at every level, JSON types, form), 4xx/5xx the
 * same status and error code. Deliberate differences live in test/contract/differences.ts, and only there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { DELIBERATE, NOT_COMPARED, type Difference } from "./contract/differences.js";
import { isRawBody, loadRecordings, type Recording } from "./contract/recordings.js";
import { SEED_USER_OF, simulatorRequest } from "./contract/requests.js";
import { compareShape, jsonType, type Mismatch } from "./contract/shape.js";

interface SimAnswer {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

const recordings = loadRecordings();
const notCompared = (r: Recording) => NOT_COMPARED.find((n) => n.endpoint === r.endpoint && (!n.role || n.role === r.role));
const compared = recordings.filter((r) => !notCompared(r));
const tally = { endpoints: new Set<string>(), answers: 0, keys: 0, used: new Set<Difference>() };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.stop();
  console.log(
    `contract: ${tally.endpoints.size} endpoints compared (${tally.answers} recorded answers, ${recordings.length - compared.length} not compared), ` +
      `${tally.keys} keys compared, ${DELIBERATE.length} deliberate differences`,
  );
});

async function ask(recording: Recording): Promise<SimAnswer> {
  const { method, path } = simulatorRequest(recording);
  const user = SEED_USER_OF[recording.role];
  const res = await fetch(sim.url + path, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}` },
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { non_json_body: text };
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, body };
}

function deliberate(recording: Recording, m: Mismatch): Difference | undefined {
  return DELIBERATE.find((d) => d.path === m.path && d.kind === m.kind && (!d.endpoints || d.endpoints.includes(recording.endpoint)));
}

function emptiedForClient(recording: Recording): boolean {
  const isEmptyList = (body: unknown) => Array.isArray(body) && body.length === 0;
  const admin = recordings.find((r) => r.role === "admin" && r.endpoint === recording.endpoint);
  const adminHasData = !!admin && !!admin.body && typeof admin.body === "object" && Object.keys(admin.body).length > 0;
  return recording.role === "client" && isEmptyList(recording.body) && adminHasData;
}

const mediaType = (contentType: string) => contentType.split(";")[0]!.trim();
const errorCode = (body: unknown) => (jsonType(body) === "object" ? (body as { code?: unknown }).code : undefined);

function expectSameShape(recording: Recording, answer: SimAnswer): void {
  if (isRawBody(recording.body)) {
    // A non-JSON body (markdown, or the empty body some handlers send) must stay non-JSON.
    expect(mediaType(answer.contentType)).toBe(mediaType(recording.contentType));
    expect(answer.text === "").toBe(recording.body.non_json_body === "");
    if (answer.text !== "") expect(isRawBody(answer.body)).toBe(true);
    return;
  }
  const { mismatches, keysCompared } = compareShape(recording.body, answer.body);
  tally.keys += keysCompared;
  const unexplained = mismatches.filter((m) => {
    const known = deliberate(recording, m);
    if (known) tally.used.add(known);
    return !known;
  });
  expect(unexplained, `shape of ${recording.request} as ${recording.role}`).toEqual([]);
}

describe("contract: the simulator answers like the recorded real plugin", () => {
  it.each(compared.map((r) => [`${r.role} ${r.request} → ${r.status}`, r] as const))("%s", async (_name, recording) => {
    const answer = await ask(recording);
    expect(answer.status, `status of ${recording.request} as ${recording.role}: ${answer.text.slice(0, 200)}`).toBe(recording.status);
    if (recording.status < 300) {
      expectSameShape(recording, answer);
      // Admin data the plugin empties for other users: the client got [] where the admin got rows.
      if (emptiedForClient(recording)) expect(answer.body, `${recording.request} is emptied for non-admins`).toEqual([]);
    }
    else {
      expect(errorCode(answer.body)).toBe(errorCode(recording.body));
      // The error body too: WP_Error {code, message, data}, the fatal body's additional_errors, data null or extra keys.
      expectSameShape(recording, answer);
    }
    tally.endpoints.add(recording.endpoint);
    tally.answers++;
  });

  it("lists no deliberate difference that no longer occurs", () => {
    const stale = DELIBERATE.filter((d) => !tally.used.has(d)).map((d) => `${d.kind} ${d.path}`);
    expect(stale).toEqual([]);
  });

  it("leaves out only recorded answers it names a reason for", () => {
    for (const entry of NOT_COMPARED) {
      expect(recordings.some((r) => r.endpoint === entry.endpoint && (!entry.role || entry.role === r.role))).toBe(true);
      expect(entry.reason.length).toBeGreaterThan(20);
    }
    expect(compared.length).toBeGreaterThan(recordings.length * 0.85);
  });
});
