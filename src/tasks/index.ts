/**
 * MCP tasks for the long-running tools: what server.ts needs to offer them — the capability, the task store, the
 * `execution.taskSupport` of each tool in tools/list, and the start of a task-augmented tools/call. Clients that do
 * not send `task` keep the ordinary bounded wait and job handle.
 */
import { ErrorCode, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { TASK_TOOLS } from "./call.js";

export { startToolTask } from "./call.js";
export { JobTaskStore, taskStoreFor } from "./store.js";

export const TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** tools/list entries of the task-capable tools say so; the rest say nothing (forbidden is the default). */
export function withTaskSupport(tools: Tool[]): Tool[] {
  return tools.map((t) => (TASK_TOOLS[t.name] ? { ...t, execution: { taskSupport: "optional" } } : t));
}

/** Spec: a task-augmented call of a tool without task support is answered -32601. */
export function assertTaskTool(name: string): void {
  if (!TASK_TOOLS[name]) throw new McpError(ErrorCode.MethodNotFound, `${name} does not run as a task; call it without "task".`);
}
