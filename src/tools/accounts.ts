/** Operations of the accounts toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
