/** Operations of the config toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
