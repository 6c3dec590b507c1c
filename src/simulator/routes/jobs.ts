/** Simulated CaptainCore routes for the jobs toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
