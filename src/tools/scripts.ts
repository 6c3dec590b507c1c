/** Operations of the scripts toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
