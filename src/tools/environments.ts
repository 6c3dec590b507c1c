/** Operations of the environments toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
