/** Simulated CaptainCore routes for the quicksaves toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
