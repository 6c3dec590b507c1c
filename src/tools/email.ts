/** Operations of the email toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
