/** Operations of the reports toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
