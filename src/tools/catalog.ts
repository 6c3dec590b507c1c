/** The catalog: search_operations and call_operation reach every operation from a small default tool list. */
import type { MetaTool, ServerContext } from "../context.js";
import type { ExecuteEnv } from "../operations/executor.js";

export function catalogTools(_ctx: ServerContext, _env: () => ExecuteEnv): MetaTool[] {
  return [];
}
