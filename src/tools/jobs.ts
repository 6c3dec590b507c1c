/** Operations of the jobs toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
