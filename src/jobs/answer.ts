/** A job's answer: GET /my-jobs/{token} (docs/api/NOTES.md §7), fetched and normalised; which statuses are final. */
import { CaptainCoreError } from "../client/errors.js";
import type { CaptainCoreClient } from "../client/http.js";
import { buildPath } from "../operations/request.js";

export const FINAL_STATUSES = new Set(["completed", "failed", "cancelled", ""]);

export function isFinal(status: string): boolean {
  return FINAL_STATUSES.has(status);
}

export interface JobAnswer {
  token: string;
  /** queued | started | completed | failed | cancelled | "" (the task vanished). */
  status: string;
  response?: string;
  progress?: unknown;
}

export const TOKEN_PATTERN = /^[A-Za-z0-9]{1,128}$/;

export function jobNotFound(token: string): CaptainCoreError {
  return new CaptainCoreError(
    "not_found",
    `Job ${token} not found: the token is unknown, or the job was started by another CaptainCore user (the API answers the same for both)`,
    { status: 404, serverCode: "not_found" },
  );
}

export function normaliseAnswer(value: unknown, token: string): JobAnswer {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const answer: JobAnswer = { token, status: String(obj.status ?? "").toLowerCase() };
    if (obj.response !== undefined && obj.response !== null) {
      answer.response = typeof obj.response === "string" ? obj.response : JSON.stringify(obj.response);
    }
    if (obj.progress !== undefined && obj.progress !== null && obj.progress !== "") answer.progress = obj.progress;
    return answer;
  }
  // Not the documented shape: keep it as output rather than lose it.
  return { token, status: "completed", response: typeof value === "string" ? value : JSON.stringify(value) };
}

/** One fresh read of GET /my-jobs/{token}. */
export async function fetchJob(client: CaptainCoreClient, token: string, signal?: AbortSignal): Promise<JobAnswer> {
  try {
    const value = await client.request({ method: "GET", path: buildPath("/my-jobs/{token}", { token }), retry: true, signal });
    return normaliseAnswer(value, token);
  } catch (err) {
    if (err instanceof CaptainCoreError) {
      // {status:"completed", response:"Error: …"} reaches us as an in-band error: it is the job's output.
      if (err.code === "api_error" && !err.serverCode) return { token, status: "completed", response: err.message };
      if (err.status === 404 && err.serverCode !== "rest_no_route") throw jobNotFound(token);
    }
    throw err;
  }
}
