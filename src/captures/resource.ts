/**
 * captaincore://sites/{site_id}/{environment}/captures/{capture_id}/{page}: one capture page as an image (blob) plus
 * its facts (JSON), for clients that read resources. page is the percent-encoded path: %2F for the home page,
 * %2Fabout (or about) for /about.
 */
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { CaptainCoreError } from "../client/errors.js";
import type { ResourceModule, ServerContext } from "../context.js";
import { completeEnvironment, completeSiteId } from "../resources/complete.js";
import { CaptureError } from "./errors.js";

export const CAPTURE_TEMPLATE = "captaincore://sites/{site_id}/{environment}/captures/{capture_id}/{page}";
const CAPTURE = /^captaincore:\/\/sites\/(\d+)\/([a-z0-9-]{1,40})\/captures\/(\d+)\/([^?#]+)$/i;
const RESOURCE_NOT_FOUND = -32002;

export function captureUri(siteId: number, environment: string, captureId: number, page: string): string {
  return `captaincore://sites/${siteId}/${environment.toLowerCase()}/captures/${captureId}/${encodeURIComponent(page)}`;
}

function readError(uri: string, err: unknown, ctx: ServerContext): McpError {
  if (err instanceof CaptureError) {
    const notFound = err.code === "capture_not_found" || err.code === "page_not_found";
    return new McpError(notFound ? RESOURCE_NOT_FOUND : ErrorCode.InternalError, `Cannot read ${uri}: ${err.message}`);
  }
  const message = err instanceof CaptainCoreError ? err.message : String((err as Error)?.message ?? err);
  return new McpError(ErrorCode.InternalError, ctx.client.scrub(`Cannot read ${uri}: ${message}`));
}

async function readCapture(uri: string, m: RegExpExecArray, ctx: ServerContext, signal?: AbortSignal): Promise<ReadResourceResult> {
  let page: string;
  try {
    page = decodeURIComponent(m[4]!);
  } catch {
    throw new McpError(ErrorCode.InvalidParams, `Cannot read ${uri}: the page is not percent-encoded correctly (the home page is %2F).`);
  }
  const { captureImage } = await import("./view.js");
  try {
    const out = await captureImage(
      { site_id: Number(m[1]), environment: m[2]!.toLowerCase(), capture_id: Number(m[3]), page },
      { get: (path) => ctx.client.request({ method: "GET", path, retry: true, signal }), apiBaseUrl: ctx.config.baseUrl, signal },
    );
    return {
      contents: [
        { uri, mimeType: out.image.mimeType, blob: out.image.bytes.toString("base64") },
        { uri, mimeType: "application/json", text: JSON.stringify(out.facts) },
      ],
    };
  } catch (err) {
    throw readError(uri, err, ctx);
  }
}

export const captureResources: ResourceModule = {
  templates: [
    {
      uriTemplate: CAPTURE_TEMPLATE,
      name: "capture",
      title: "Capture page image",
      description: "One page of a visual capture as an image (at most 1280 px wide) plus page, time and commit. page is percent-encoded (%2F = home).",
      mimeType: "image/jpeg",
    },
  ],

  read: async (uri, ctx, signal) => {
    const m = CAPTURE.exec(uri.href);
    return m ? readCapture(uri.href, m, ctx, signal) : undefined;
  },

  complete: async (req, ctx) => {
    if (req.ref !== CAPTURE_TEMPLATE) return undefined;
    if (req.argument === "site_id") return completeSiteId(ctx, req.value);
    if (req.argument === "environment") return completeEnvironment(req.value);
    return [];
  },
};
