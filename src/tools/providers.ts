/** Operations of the providers toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
