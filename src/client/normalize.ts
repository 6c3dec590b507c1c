/**
 * Turns every answer shape the real CaptainCore gives (docs/api/NOTES.md §1, §4, §12) into a value or a typed error:
 * WP_Error JSON, HTTP 200 with {errors:[…]} / {error} / {Error} / {response:"Error: …"}, bare scalars,
 * HTML error pages, invalid JSON, PDFs and other binary bodies, redirects.
 */
import { CaptainCoreError, codeForStatus, isRetryableStatus } from "./errors.js";
import { scrubStrings } from "./secrets.js";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A non-JSON body the API answered with; bytes never travel further than this summary. */
export interface BinaryBody {
  kind: "binary";
  contentType: string;
  filename?: string;
  bytes: number;
  /** Kept for operations that turn the body into a resource; never rendered to the model. */
  data: Buffer;
}

export interface TextBody {
  kind: "text";
  contentType: string;
  filename?: string;
  text: string;
}

export interface Redirect {
  kind: "redirect";
  status: number;
  location: string;
}

export type Special = BinaryBody | TextBody | Redirect;

export function isSpecial(value: unknown): value is Special {
  return (
    typeof value === "object" &&
    value !== null &&
    "kind" in value &&
    ["binary", "text", "redirect"].includes((value as { kind: string }).kind) &&
    ("bytes" in value || "text" in value || "location" in value)
  );
}

function header(res: RawResponse, name: string): string {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(", ") : (v ?? "");
}

function filenameOf(res: RawResponse): string | undefined {
  const match = /filename="?([^";]+)"?/i.exec(header(res, "content-disposition"));
  return match?.[1];
}

const HTML_TAG = /<[^>]+>/g;

/** Plain text of an HTML error page, short: enough to say what went wrong. */
export function htmlToText(html: string, max = 300): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const body = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(HTML_TAG, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .trim();
  const text = body.includes(title ?? "\u0000") || !title ? body : `${title}: ${body}`;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

interface WpError {
  code: string;
  message: string;
  data?: { status?: number; [k: string]: unknown } | null;
}

function isWpError(v: unknown): v is WpError {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as WpError).code === "string" &&
    typeof (v as WpError).message === "string"
  );
}

function firstMessage(list: unknown[]): string {
  return list
    .map((e) => (typeof e === "string" ? e : isWpError(e) ? e.message : JSON.stringify(e)))
    .join("; ");
}

/** Detects the in-band error shapes that arrive with HTTP 200 (docs/api/NOTES.md §4). */
export function inBandError(value: unknown): CaptainCoreError | undefined {
  if (typeof value === "string") {
    if (/^Something went wrong/i.test(value) || /^Error: /.test(value)) {
      return new CaptainCoreError("api_error", value.slice(0, 500));
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.errors) && obj.errors.length > 0) {
    return new CaptainCoreError("api_error", firstMessage(obj.errors));
  }
  if (typeof obj.error === "string" && obj.error) {
    return new CaptainCoreError("api_error", obj.error);
  }
  if (typeof obj.Error === "string" && obj.Error) {
    return new CaptainCoreError("api_error", obj.Error);
  }
  // PUT /sites/update answers {"response":"Error: …"}; job answers carry a response too, with status and token.
  if (Object.keys(obj).length === 1 && typeof obj.response === "string" && /^Error:/i.test(obj.response)) {
    return new CaptainCoreError("api_error", obj.response);
  }
  // A WP_Error answered with HTTP 200, e.g. GET /domain/{id}/auth_code → no_domain.
  if (isWpError(obj) && obj.data && typeof obj.data === "object" && "status" in obj.data) {
    return new CaptainCoreError("api_error", obj.message, { serverCode: obj.code, status: 200 });
  }
  return undefined;
}

function errorFromBody(res: RawResponse, parsed: unknown, text: string): CaptainCoreError {
  const status = res.status;
  if (isWpError(parsed)) {
    const message = parsed.message.includes("<") ? htmlToText(parsed.message) : parsed.message;
    return new CaptainCoreError(codeForStatus(status, parsed.code), message || `HTTP ${status}`, {
      status,
      serverCode: parsed.code,
      retryable: isRetryableStatus(status),
    });
  }
  let message: string;
  if (parsed !== undefined && typeof parsed === "object" && parsed !== null) {
    const obj = parsed as Record<string, unknown>;
    message =
      typeof obj.error === "string"
        ? obj.error
        : typeof obj.message === "string"
          ? obj.message
          : JSON.stringify(parsed).slice(0, 300);
  } else if (typeof parsed === "string") {
    message = parsed.slice(0, 300);
  } else if (/<html|<body|<!doctype/i.test(text)) {
    message = htmlToText(text);
  } else {
    message = text.trim().slice(0, 300) || `HTTP ${status} with an empty body`;
  }
  return new CaptainCoreError(codeForStatus(status), message, {
    status,
    retryable: isRetryableStatus(status),
  });
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const TEXTUAL = /^(text\/|application\/(json|xml|javascript|x-ndjson))|markdown/i;

function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 2048);
  for (const byte of sample) if (byte === 0) return false;
  return true;
}

/** Removes credentials from a text; applied to every textual body and header before it is parsed or cut. */
export type TextScrub = (text: string) => string;

const keep: TextScrub = (text) => text;

function scrubbedFilename(res: RawResponse, scrub: TextScrub): string | undefined {
  const name = filenameOf(res);
  return name === undefined ? undefined : scrub(name);
}

/**
 * Parses the scrubbed text; when the scrub broke the JSON (a password holding a quote or a backslash), parses the
 * original and scrubs each string value instead.
 */
function parseScrubbed(text: string, original: string, scrub: TextScrub): ReturnType<typeof tryParse> {
  const parsed = tryParse(text);
  if (parsed.ok || text === original) return parsed;
  const fallback = tryParse(original);
  return fallback.ok ? { ok: true, value: scrubStrings(fallback.value, scrub) } : parsed;
}

/** Value on success; throws CaptainCoreError otherwise. `scrub` runs on the whole raw text, before any truncation. */
export function normalizeResponse(res: RawResponse, scrub: TextScrub = keep): unknown {
  const contentType = header(res, "content-type").toLowerCase();
  const isJson = contentType.includes("json");
  const status = res.status;

  if (status >= 300 && status < 400) {
    const location = scrub(header(res, "location"));
    if (!location) throw new CaptainCoreError("invalid_response", `HTTP ${status} redirect without a Location`, { status });
    const redirect: Redirect = { kind: "redirect", status, location };
    return redirect;
  }

  const binary = !isJson && contentType !== "" && !TEXTUAL.test(contentType);
  if (binary && status < 300) {
    const body: BinaryBody = {
      kind: "binary",
      contentType,
      filename: scrubbedFilename(res, scrub),
      bytes: res.body.length,
      data: res.body,
    };
    return body;
  }

  const original = res.body.toString("utf8");
  const text = scrub(original);
  const parsed = parseScrubbed(text, original, scrub);

  if (status >= 400 || status < 200) {
    throw errorFromBody(res, parsed.ok ? parsed.value : undefined, text);
  }

  if (parsed.ok) {
    const err = inBandError(parsed.value);
    if (err) throw err;
    return parsed.value;
  }
  if (isJson) {
    if (text.trim() === "") return null;
    throw new CaptainCoreError(
      "invalid_response",
      `CaptainCore answered HTTP ${status} with invalid JSON (${htmlToText(text, 120) || "empty"}). A PHP warning printed before the JSON often causes this.`,
      { status },
    );
  }
  if (/<html|<!doctype/i.test(text) && /critical error|fatal error/i.test(text)) {
    throw new CaptainCoreError("server_error", htmlToText(text), { status });
  }
  if (contentType === "" && !looksLikeText(res.body)) {
    const body: BinaryBody = { kind: "binary", contentType: "application/octet-stream", bytes: res.body.length, data: res.body };
    return body;
  }
  if (contentType === "" || contentType.startsWith("text/plain")) {
    const err = inBandError(text);
    if (err) throw err;
  }
  const body: TextBody = { kind: "text", contentType: contentType || "text/plain", filename: scrubbedFilename(res, scrub), text };
  return body;
}
