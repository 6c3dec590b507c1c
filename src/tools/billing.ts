/** Operations of the billing toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
