/** Every route module of the simulator, one per toolset. */
import type { Router } from "../router.js";
import { register as sites } from "./sites.js";
import { register as environments } from "./environments.js";
import { register as jobs } from "./jobs.js";
import { register as quicksaves } from "./quicksaves.js";
import { register as updates } from "./updates.js";
import { register as filters } from "./filters.js";
import { register as scripts } from "./scripts.js";
import { register as backups } from "./backups.js";
import { register as stats } from "./stats.js";
import { register as site_requests } from "./site_requests.js";
import { register as directory } from "./directory.js";
import { register as domains } from "./domains.js";
import { register as dns } from "./dns.js";
import { register as email } from "./email.js";
import { register as accounts } from "./accounts.js";
import { register as profile } from "./profile.js";
import { register as billing } from "./billing.js";
import { register as providers } from "./providers.js";
import { register as reports } from "./reports.js";
import { register as config } from "./config.js";

export function registerAllRoutes(router: Router): void {
  for (const register of [sites, environments, jobs, quicksaves, updates, filters, scripts, backups, stats, site_requests, directory, domains, dns, email, accounts, profile, billing, providers, reports, config]) register(router);
}
