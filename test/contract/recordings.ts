/**
 * The recorded answers of a real CaptainCore install (test/fixtures/live, see its README.md): one row of INDEX.tsv per
 * request, with the role it was made as, the status and the body. Bodies that were not JSON are recorded as
 * `{ non_json_body: "…" }`.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const LIVE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "live");

export type Role = "admin" | "client";

export interface Recording {
  role: Role;
  status: number;
  /** The documented template, e.g. `GET /sites/{site_id}`. */
  endpoint: string;
  /** The concrete request, e.g. `GET /sites/1` or `GET /quicksaves?site_id=1`. */
  request: string;
  contentType: string;
  body: unknown;
  file: string;
}

export function isRawBody(body: unknown): body is { non_json_body: string } {
  return !!body && typeof body === "object" && !Array.isArray(body) && Object.keys(body).join() === "non_json_body";
}

export function loadRecordings(): Recording[] {
  const lines = readFileSync(join(LIVE_DIR, "INDEX.tsv"), "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [role, status, endpoint, file] = line.split("\t") as [Role, string, string, string];
    const recorded = JSON.parse(readFileSync(join(LIVE_DIR, file), "utf8"));
    return {
      role,
      status: Number(status),
      endpoint,
      request: recorded.request,
      contentType: recorded.content_type,
      body: recorded.body,
      file,
    };
  });
}
