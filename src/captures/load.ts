/** What the capture tools need from the server, and the loading of one capture page's pixels. */
import { allowedImageUrl, DEFAULT_FETCH_LIMITS, fetchImage, type FetchLimits } from "./fetch.js";
import { capturesPath, parseCaptures, type CapturePage, type CaptureRecord } from "./select.js";

export interface CaptureDeps {
  /** GET a CaptainCore API path (the client's retries, normalisation and errors). */
  get: (path: string) => Promise<unknown>;
  /** CAPTAINCORE_URL: plain http image hosts are accepted only when this is loopback too. */
  apiBaseUrl: string;
  signal?: AbortSignal;
  limits?: FetchLimits;
  /** Progress notifications, when the client asked for them. */
  progress?: (done: number, total: number, message: string) => Promise<void>;
}

export async function loadCaptures(deps: CaptureDeps, siteId: number, environment: string): Promise<CaptureRecord[]> {
  return parseCaptures(await deps.get(capturesPath(siteId, environment)));
}

export async function loadPageBytes(deps: CaptureDeps, capture: CaptureRecord, page: CapturePage): Promise<Uint8Array> {
  const url = allowedImageUrl(page.image_url, capture.image_base_url, deps.apiBaseUrl);
  return fetchImage(url, deps.limits ?? DEFAULT_FETCH_LIMITS, deps.signal);
}

export function where(siteId: number, environment: string): string {
  return `site ${siteId} ${environment}`;
}

/** The facts that name a capture in results. */
export function captureFacts(c: CaptureRecord): Record<string, unknown> {
  return { capture_id: c.capture_id, created_at: c.created_at, git_commit: c.git_commit };
}
