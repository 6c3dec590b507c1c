/** Operations of the directory toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
