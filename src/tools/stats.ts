/** Operations of the stats toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
