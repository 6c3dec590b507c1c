/**
 * Fetching a capture's image, from where CaptainCore says its captures are and nowhere else: the image_url must lie
 * under the capture's image_base_url, over HTTPS (plain http only between loopback addresses, i.e. a local
 * simulator), with no credentials sent, no redirect followed, a byte limit and a timeout.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isLoopbackHost } from "../config.js";
import { sniffFormat } from "./codec.js";
import { CaptureError } from "./errors.js";

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 20_000 };

function parse(raw: string, what: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new CaptureError("refused_url", `The capture's ${what} is not a URL: ${JSON.stringify(raw.slice(0, 200))}. Nothing was fetched.`);
  }
}

function checkTransport(url: URL, what: string, apiBaseUrl: string): void {
  if (url.username || url.password) {
    throw new CaptureError("refused_url", `The capture's ${what} carries credentials; refused. Nothing was fetched.`);
  }
  if (url.protocol === "https:") return;
  const localOnly = url.protocol === "http:" && isLoopbackHost(url.hostname) && isLoopbackHost(new URL(apiBaseUrl).hostname);
  if (!localOnly) {
    throw new CaptureError(
      "refused_url",
      `The capture's ${what} ${url.origin} is not HTTPS; images are fetched over HTTPS only (plain http only from a local simulator). Nothing was fetched.`,
    );
  }
}

/**
 * The URL to fetch: image_url, checked against image_base_url (same origin, under its path) and the transport rules.
 * Throws refused_url otherwise.
 */
export function allowedImageUrl(imageUrl: string, imageBaseUrl: string | undefined, apiBaseUrl: string): URL {
  const url = parse(imageUrl, "image_url");
  checkTransport(url, "image_url", apiBaseUrl);
  if (!imageBaseUrl) {
    throw new CaptureError("refused_url", "CaptainCore named no image_base_url for this capture, so its storage host is unknown; refused. Nothing was fetched.");
  }
  const base = parse(imageBaseUrl, "image_base_url");
  checkTransport(base, "image_base_url", apiBaseUrl);
  const basePath = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  if (url.origin !== base.origin || !url.pathname.startsWith(basePath) || url.pathname.includes("/../")) {
    throw new CaptureError(
      "refused_url",
      `The image ${url.origin}${url.pathname} is not under the capture's image_base_url ${base.origin}${basePath}; only the storage CaptainCore named for this capture is used. Nothing was fetched.`,
    );
  }
  return url;
}

function readBody(res: IncomingMessage, url: URL, limits: FetchLimits): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        res.destroy();
        reject(new CaptureError("too_large", `The image at ${url.origin}${url.pathname} is over ${limits.maxBytes} bytes; not downloaded.`));
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    res.on("error", reject);
    // A socket closed mid-body (timeout, cancel, reset) ends without "end".
    res.on("close", () => {
      if (!res.complete) reject(new Error("the connection closed before the whole image arrived"));
    });
  });
}

function failure(url: URL, why: string): CaptureError {
  return new CaptureError("image_fetch_failed", `Could not fetch the capture image ${url.origin}${url.pathname}: ${why}.`);
}

/** GET the image: 200 with image bytes (JPEG or PNG), or a CaptureError that says why not. */
export async function fetchImage(url: URL, limits: FetchLimits, signal?: AbortSignal): Promise<Uint8Array> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), limits.timeoutMs);
  const onAbort = () => controller.abort(new Error("cancelled"));
  signal?.addEventListener("abort", onAbort, { once: true });
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { method: "GET", headers: { accept: "image/jpeg, image/png", "user-agent": "captaincore-mcp" }, signal: controller.signal }, resolve);
      req.on("error", reject);
      req.end();
    });
    if (res.statusCode !== 200) {
      res.resume();
      const where = res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? ` (redirect to ${res.headers.location ?? "?"}, not followed)` : "";
      throw failure(url, `HTTP ${res.statusCode}${where}`);
    }
    const declared = Number(res.headers["content-length"]);
    if (declared > limits.maxBytes) {
      res.destroy();
      throw new CaptureError("too_large", `The image at ${url.origin}${url.pathname} is ${declared} bytes, over the ${limits.maxBytes} byte limit; not downloaded.`);
    }
    const bytes = await readBody(res, url, limits);
    if (!sniffFormat(bytes)) throw failure(url, `the answer (${res.headers["content-type"] ?? "no content type"}) is not a JPEG or PNG image`);
    return bytes;
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    if (controller.signal.aborted) {
      throw signal?.aborted ? failure(url, "the call was cancelled") : failure(url, `no complete answer within ${limits.timeoutMs} ms`);
    }
    throw failure(url, (err as Error)?.message ?? String(err));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
