/** Operations of the domains toolset. */
import type { Operation } from "../operations/types.js";

export const operations: Operation[] = [];
