/**
 * Each toolset's module, loaded when one of its operations is first called: the server starts from the index
 * (dist/operations-index.json) and builds no operation's zod schemas until it needs them.
 */
import type { Operation, OperationInfo } from "../operations/types.js";
import { TOOLSET_LIST, type ToolsetName } from "./toolsets.js";

/** The operations of one toolset, from its modules. */
export async function loadToolset(toolset: ToolsetName): Promise<readonly Operation[]> {
  const modules = await Promise.all(TOOLSET_LIST[toolset].modules.map((load) => load()));
  return modules.flatMap((m) => m.operations as readonly Operation[]);
}

const loaded = new Map<string, Operation>();

/** The operation an index entry describes, loading its toolset's module on first use. */
export async function loadOperation(info: Pick<OperationInfo, "name" | "toolset">): Promise<Operation | undefined> {
  let op = loaded.get(info.name);
  if (!op) {
    for (const o of await loadToolset(info.toolset)) loaded.set(o.name, o);
    op = loaded.get(info.name);
  }
  return op;
}
