/**
 * Resources: captaincore://jobs/{token}. A read re-reads GET /my-jobs/{token} (stateless: tokens from before a
 * restart work); resources/list shows the jobs this process started for this site and user, newest first;
 * subscriptions start a shared background poller that notifies on status changes.
 */
import { ErrorCode, McpError, type ReadResourceResult, type Resource } from "@modelcontextprotocol/sdk/types.js";
import { CaptainCoreError } from "../client/errors.js";
import type { ResourceModule, ServerContext } from "../context.js";
import { closeSubscriber, subscribeJob, TooManySubscriptions, unsubscribeJob } from "../jobs/poller.js";
import { readJob } from "../jobs/read.js";
import { JOB_URI_PREFIX, listJobs, registryKey } from "../jobs/registry.js";
import { RESOURCE_OUTPUT_CHARS } from "../jobs/view.js";
import { TOKEN_PATTERN } from "../jobs/wait.js";

const TEMPLATE = `${JOB_URI_PREFIX}{token}`;
const MIME = "application/json";
const RESOURCE_NOT_FOUND = -32002;

/** The token of a job URI; undefined when the URI is not a job's; an error when the token is malformed. */
function tokenOf(uri: string): string | undefined {
  if (!uri.toLowerCase().startsWith(JOB_URI_PREFIX)) return undefined;
  const token = decodeURIComponent(uri.slice(JOB_URI_PREFIX.length).replace(/[?#].*$/, "").replace(/\/+$/, ""));
  if (!TOKEN_PATTERN.test(token)) {
    throw new McpError(ErrorCode.InvalidParams, `Not a job token: "${token}". Job tokens are letters and digits, as returned by run_code, run_site_command or run_bulk_tool.`);
  }
  return token;
}

async function readJobResource(uri: string, token: string, ctx: ServerContext, signal?: AbortSignal): Promise<ReadResourceResult> {
  let read;
  try {
    read = await readJob(ctx, token, signal);
  } catch (err) {
    if (err instanceof CaptainCoreError && err.code === "not_found") {
      throw new McpError(RESOURCE_NOT_FOUND, `${err.message}. Tokens come from run_code, run_site_command or run_bulk_tool; resources/list shows the jobs this server started.`);
    }
    const message = err instanceof CaptainCoreError ? err.message : String((err as Error)?.message ?? err);
    throw new McpError(ErrorCode.InternalError, ctx.client.scrub(`Could not read job ${token}: ${message}. Try again shortly.`));
  }
  const view = read.view({ outputChars: RESOURCE_OUTPUT_CHARS });
  // The exit (resources/index.ts) redacts and scrubs this text like every other resource read.
  return { contents: [{ uri, mimeType: MIME, text: JSON.stringify({ ...view.data, note: view.note }) }] };
}

export const jobResources: ResourceModule = {
  templates: [
    {
      uriTemplate: TEMPLATE,
      name: "job",
      title: "CaptainCore job",
      description:
        "A job started by run_code, run_site_command or run_bulk_tool: status, output, what ran where, elapsed time. Each read is fresh; subscribe to be told when the status changes.",
      mimeType: MIME,
    },
  ],

  list: async (ctx) =>
    listJobs(registryKey(ctx)).map(
      (job): Resource => ({
        uri: job.uri,
        name: `job ${job.token}`,
        title: `${job.tool}: ${job.what}`.slice(0, 120),
        description: `${job.status || "unknown"} (last seen) · ${job.where} · started ${job.started_at}`,
        mimeType: MIME,
      }),
    ),

  read: async (uri, ctx, signal) => {
    const token = tokenOf(uri.href);
    if (token === undefined) return undefined;
    return readJobResource(uri.href, token, ctx, signal);
  },

  complete: async (req, ctx) => {
    if (req.ref !== TEMPLATE || req.argument !== "token") return undefined;
    return listJobs(registryKey(ctx))
      .map((j) => j.token)
      .filter((t) => t.startsWith(req.value));
  },

  subscribe: async (uri, ctx) => {
    const token = tokenOf(uri);
    if (token === undefined) return false;
    try {
      subscribeJob(ctx, token);
    } catch (err) {
      if (err instanceof TooManySubscriptions) throw new McpError(ErrorCode.InvalidRequest, err.message);
      throw err;
    }
    return true;
  },

  unsubscribe: async (uri, ctx) => {
    let token: string | undefined;
    try {
      token = tokenOf(uri);
    } catch {
      return;
    }
    if (token !== undefined) unsubscribeJob(ctx, token);
  },

  close: async (ctx) => {
    closeSubscriber(ctx);
  },
};
