/** Simulated CaptainCore routes for the billing toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
