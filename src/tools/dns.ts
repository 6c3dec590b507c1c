/** Operations of the dns toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
