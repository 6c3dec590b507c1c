/** Operations of the filters toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
