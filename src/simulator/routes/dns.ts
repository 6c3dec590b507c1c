/** Simulated CaptainCore routes for the dns toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
