/**
 * Task-augmented tools/call (MCP 2025-11-25): the tool is started, a CreateTaskResult goes back at once, and the
 * work goes on in the background until its result is stored for tasks/result. The run tools start their
 * CaptainCore job without waiting (wait_seconds 0), the task takes the job token as its id and follows the job to
 * its end (no 50 s cap); list_pending_updates runs its fan-out in the background. Status changes of the job are
 * sent as notifications/tasks/status; tasks/cancel cancels the CaptainCore job.
 */
import { ErrorCode, McpError, type CallToolResult, type CreateTaskResult } from "@modelcontextprotocol/sdk/types.js";
import type { RequestTaskStore } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { redactSecrets, scrubValues } from "../client/redact.js";
import type { ServerContext } from "../context.js";
import { knownJob, registryKey } from "../jobs/registry.js";
import { jobView } from "../jobs/view.js";
import { isFinal, waitForJob, type JobAnswer } from "../jobs/wait.js";
import { successResult } from "../operations/result.js";
import { buildPath } from "../operations/request.js";
import type { JobTaskStore } from "./store.js";

/** Tools that run as tasks when asked, and whether they start a CaptainCore job. */
export const TASK_TOOLS: Record<string, "job" | "work"> = {
  run_code: "job",
  run_site_command: "job",
  run_bulk_tool: "job",
  list_pending_updates: "work",
};

/** Runs the tool the ordinary way (validation, request, rendering), with this signal and arguments. */
export type ToolRunner = (args: Record<string, unknown>, signal: AbortSignal) => Promise<CallToolResult>;

export interface TaskCall {
  name: string;
  args: Record<string, unknown>;
  ttl?: number;
  taskStore: RequestTaskStore | undefined;
}

const FOLLOW_CHUNK_MS = 60_000;

/** The job a run tool answered with, when it is still going. */
function runningToken(result: CallToolResult): string | undefined {
  const data = result.structuredContent as Record<string, unknown> | undefined;
  if (result.isError || !data || data.finished !== false || data.starts_from_api === false) return undefined;
  return typeof data.token === "string" ? data.token : undefined;
}

const statusMessage = (answer: JobAnswer) => `CaptainCore job ${answer.token} is ${answer.status === "started" ? "running" : answer.status || "unknown"}`;

/** Follows a job to a final status (or until stopped) and renders it as the run tool would. */
async function followJob(ctx: ServerContext, token: string, signal: AbortSignal, onStatus: (a: JobAnswer) => void): Promise<CallToolResult> {
  const key = registryKey(ctx);
  let last: string | undefined;
  for (;;) {
    const outcome = await waitForJob({
      env: ctx,
      token,
      waitMs: FOLLOW_CHUNK_MS,
      signal,
      onAnswer: (a) => {
        if (a.status !== last) onStatus(a);
        last = a.status;
      },
    });
    if (outcome.reason === "timeout") continue;
    const view = jobView(outcome.answer, knownJob(key, token), { reason: outcome.reason, waitedMs: outcome.waitedMs });
    const data = scrubValues(redactSecrets(view.data), ctx.client.secrets);
    const result = successResult(data, { note: ctx.client.scrub(view.note) });
    if (outcome.reason !== "final") result.isError = true;
    return result;
  }
}

function failure(err: unknown, name: string, ctx: ServerContext): CallToolResult {
  const text = ctx.client.scrub(String((err as Error)?.message ?? err));
  return { content: [{ type: "text", text: `${name} failed unexpectedly: ${text}` }], isError: true };
}

/** Starts the tool as a task; the CreateTaskResult is returned before the work ends. */
export async function startToolTask(ctx: ServerContext, store: JobTaskStore, call: TaskCall, run: ToolRunner): Promise<CreateTaskResult> {
  const kind = TASK_TOOLS[call.name];
  if (!kind || !call.taskStore) {
    throw new McpError(ErrorCode.MethodNotFound, `${call.name} does not run as a task; call it without "task".`);
  }
  const taskStore = call.taskStore;
  const abort = new AbortController();
  let first: CallToolResult | undefined;
  let token: string | undefined;
  if (kind === "job") {
    first = await run({ ...call.args, wait_seconds: 0 }, abort.signal);
    token = runningToken(first);
  }
  const task = await taskStore.createTask({
    ttl: call.ttl,
    context: token ? { taskId: token, statusMessage: `CaptainCore job ${token} started` } : {},
  });
  const taskId = task.taskId;
  store.onCancel(
    taskId,
    (cancelJob) => {
      abort.abort();
      if (cancelJob && token) {
        void ctx.client.request({ method: "DELETE", path: buildPath("/my-jobs/{token}", { token }) }).catch(() => {});
      }
    },
    ctx,
  );
  const work = async (): Promise<CallToolResult> => {
    if (token) {
      return followJob(ctx, token, abort.signal, (a) => {
        if (!isFinal(a.status)) void taskStore.updateTaskStatus(taskId, "working", statusMessage(a)).catch(() => {});
      });
    }
    return first ?? run(call.args, abort.signal);
  };
  // After the CreateTaskResult is on its way: even an immediate result is stored on the next turn.
  setImmediate(() => {
    work()
      .catch((err) => failure(err, call.name, ctx))
      .then(async (result) => {
        if (abort.signal.aborted) return;
        await taskStore.storeTaskResult(taskId, result.isError ? "failed" : "completed", result);
      })
      .catch(() => {});
  });
  return { task };
}
