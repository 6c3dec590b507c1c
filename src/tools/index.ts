/** Every operation, toolset by toolset in the order of tools/list (tools/toolsets.ts). */
import type { Operation } from "../operations/types.js";
import { loadToolset } from "./lazy.js";
import { TOOLSET_NAMES } from "./toolsets.js";

export const ALL_OPERATIONS: readonly Operation[] = (await Promise.all(TOOLSET_NAMES.map(loadToolset))).flat();
