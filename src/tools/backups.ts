/** Operations of the backups toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
