/** Operations of the site_requests toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
