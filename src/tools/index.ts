/** Every operation, from one module per toolset. Order here is the order of tools/list. */
import type { Operation } from "../operations/types.js";
import { operations as sites } from "./sites.js";
import { operations as fleet } from "./fleet.js";
import { operations as environments } from "./environments.js";
import { operations as jobs } from "./jobs.js";
import { operations as quicksaves } from "./quicksaves.js";
import { operations as updates } from "./updates.js";
import { operations as filters } from "./filters.js";
import { operations as scripts } from "./scripts.js";
import { operations as backups } from "./backups.js";
import { operations as captures } from "./captures.js";
import { operations as stats } from "./stats.js";
import { operations as site_requests } from "./site_requests.js";
import { operations as directory } from "./directory.js";
import { operations as domains } from "./domains.js";
import { operations as dns } from "./dns.js";
import { operations as email } from "./email.js";
import { operations as accounts } from "./accounts.js";
import { operations as profile } from "./profile.js";
import { operations as billing } from "./billing.js";
import { operations as providers } from "./providers.js";
import { operations as reports } from "./reports.js";
import { operations as config } from "./config.js";

export const ALL_OPERATIONS: readonly Operation[] = [
  ...sites, ...fleet, ...environments, ...jobs, ...quicksaves, ...updates, ...filters, ...scripts, ...backups, ...captures, ...stats, ...site_requests, ...directory, ...domains, ...dns, ...email, ...accounts, ...profile, ...billing, ...providers, ...reports, ...config,
];
