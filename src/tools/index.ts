/** Every operation, toolset by toolset in the order of tools/list (tools/toolsets.ts), with the requests people make for it. */
import { ASKS } from "../asks/index.js";
import type { Operation } from "../operations/types.js";
import { loadToolset } from "./lazy.js";
import { TOOLSET_NAMES } from "./toolsets.js";

/** The operation with its asks (src/asks), and each of its commands with theirs. */
function withAsks(op: Operation): Operation {
  if (op.commands) {
    const list = op.commands.list.map((c) => ({ ...c, asks: ASKS.get(`command:${c.name}`) }));
    return { ...op, commands: { ...op.commands, list } };
  }
  return { ...op, asks: ASKS.get(op.name) };
}

export const ALL_OPERATIONS: readonly Operation[] = (await Promise.all(TOOLSET_NAMES.map(loadToolset))).flat().map(withAsks);
