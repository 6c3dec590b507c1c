/** Operations of the updates toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
