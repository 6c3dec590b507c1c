/** Operations of the profile toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
