/** The fleet view of pending updates: one call answers "which sites need X" and "what does site Y need". */
import { z } from "zod";
import { rendered } from "../operations/executor.js";
import { defineOperation } from "../operations/types.js";
import { AccountId, Limit, Offset, Search, SiteId } from "../operations/schemas.js";
import { SlugList } from "./sites.js";
import { readFleet } from "../fleet/collect.js";
import { pendingView } from "../fleet/view.js";

export const operations = [
  defineOperation({
    name: "list_pending_updates",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites/{site_id}/environments",
    summary: "Pending plugin, theme and core updates across the fleet, in one call",
    description:
      "components = which sites need each update; sites = what each site needs (\"slug from→to\"; → is CaptainCore's target or the newest version seen in the fleet; core → newest core in the fleet). Filter by site, account, search or slugs. Reads every site's last sync.",
    input: {
      site_ids: z.array(SiteId).max(500).optional().describe("Only these sites"),
      account_id: AccountId.optional().describe("Only this account's sites"),
      search: Search,
      environment: z.enum(["production", "staging", "all"]).default("production"),
      plugins: SlugList("Only these plugin slugs").optional(),
      themes: SlugList("Only these theme slugs").optional(),
      refresh: z.boolean().optional().describe("Skip answers cached for 60 s"),
      limit: Limit(25, 200),
      offset: Offset,
    },
    effect: "read",
    run: async (args, ctx) => {
      const read = await readFleet(ctx, {
        site_ids: args.site_ids,
        account_id: args.account_id,
        search: args.search,
        refresh: args.refresh,
      });
      const view = pendingView(read, {
        environment: args.environment,
        plugins: args.plugins,
        themes: args.themes,
        limit: args.limit,
        offset: args.offset,
      });
      const failed = read.failed.length;
      return rendered(view, {
        note: failed
          ? `${failed} of ${view.checked_sites} sites could not be read (listed under failed); the rest are complete. Call again to retry them.`
          : undefined,
      });
    },
  }),
];
