/** Simulated CaptainCore routes for the accounts toolset. */
import type { Router } from "../router.js";

export function register(_router: Router): void {}
