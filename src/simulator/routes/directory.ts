/** Simulated CaptainCore routes for the directory toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
