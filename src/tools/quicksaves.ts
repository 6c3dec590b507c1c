/** Operations of the quicksaves toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
