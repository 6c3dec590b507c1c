/** Simulated CaptainCore routes for the site_requests toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
