/** Every operation, toolset by toolset in the order of tools/list (tools/toolsets.ts), with the requests people make for it. */
import { ASKS } from "../asks/index.js";
import type { Operation } from "../operations/types.js";
import { loadToolset } from "./lazy.js";
import { TOOLSET_NAMES } from "./toolsets.js";

/**
 * Gives the operation its asks (src/asks), and each of its commands theirs. In place: the toolset modules hand out
 * these same objects (tools/lazy.ts), and one operation is one object wherever it is reached from.
 */
function attachAsks(op: Operation): Operation {
  if (op.commands) for (const command of op.commands.list) command.asks = ASKS.get(`command:${command.name}`);
  else op.asks = ASKS.get(op.name);
  return op;
}

export const ALL_OPERATIONS: readonly Operation[] = (await Promise.all(TOOLSET_NAMES.map(loadToolset))).flat().map(attachAsks);
