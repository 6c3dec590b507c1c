/**
 * The requests people make for each operation and each command, as they would type them to an assistant: goals and
 * symptoms, not endpoints. search_operations learns from them (src/catalog); they are never sent in tools/list.
 * Kept apart from the operations because there are many (twenty and more each), and only the build (the operation
 * index) and tests read them: the running server gets them from dist/operations-index.json.
 *
 * Written by helpers who had not read the code's words, and, since 2026-11-30, the phrasings of the sets in test/data
 * that search is tuned on (test/data/README.md says which): each under the entry it asks for. Keyed by operation
 * name, or `command:NAME` for a command of run_site_command / run_bulk_tool.
 */
import { asks as accounts } from "./accounts.js";
import { asks as backups } from "./backups.js";
import { asks as billing } from "./billing.js";
import { asks as captures } from "./captures.js";
import { asks as commands } from "./commands.js";
import { asks as config } from "./config.js";
import { asks as directory } from "./directory.js";
import { asks as dns } from "./dns.js";
import { asks as domains } from "./domains.js";
import { asks as email } from "./email.js";
import { asks as environments } from "./environments.js";
import { asks as filters } from "./filters.js";
import { asks as fleet } from "./fleet.js";
import { asks as jobs } from "./jobs.js";
import { asks as profile } from "./profile.js";
import { asks as providers } from "./providers.js";
import { asks as quicksaves } from "./quicksaves.js";
import { asks as reports } from "./reports.js";
import { asks as scripts } from "./scripts.js";
import { asks as siteRequests } from "./site_requests.js";
import { asks as sites } from "./sites.js";
import { asks as stats } from "./stats.js";
import { asks as updates } from "./updates.js";

const TABLES = [accounts, backups, billing, captures, commands, config, directory, dns, domains, email, environments,
  filters, fleet, jobs, profile, providers, quicksaves, reports, scripts, siteRequests, sites, stats, updates];

export const ASKS: ReadonlyMap<string, readonly string[]> = new Map(TABLES.flatMap((table) => Object.entries(table)));
