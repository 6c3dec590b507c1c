/** The fleet view of pending updates: one call answers "which sites need X" and "what does site Y need". */
import { z } from "zod";
import { rendered } from "../operations/executor.js";
import { defineOperation } from "../operations/types.js";
import { AccountId, Limit, Offset } from "../operations/schemas.js";
import { readFleet } from "../fleet/collect.js";
import { pendingView } from "../fleet/view.js";

const SLUG = /^[A-Za-z0-9._-]{1,200}$/;
/** Bounds checked in refinements: they would only restate the obvious in tools/list. */
const Ids = z.array(z.number()).refine((a) => a.length <= 500 && a.every((n) => Number.isInteger(n) && n > 0), "up to 500 site ids");
const Slugs = z.array(z.string()).refine((a) => a.length <= 200 && a.every((v) => SLUG.test(v)), "plugin/theme slugs such as woocommerce");

export const operations = [
  defineOperation({
    name: "list_pending_updates",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites/{site_id}/environments",
    summary: "Pending plugin, theme and core updates across the fleet",
    words: "which sites need updates outdated plugins themes wordpress core upgrades waiting fleet-wide across all sites",
    description:
      "Per component the sites needing it; per site \"slug from→to\". From the last sync.",
    input: {
      site_ids: Ids.optional(),
      account_id: AccountId.optional(),
      search: z.string().max(200).optional().describe("Site name/URL part"),
      environment: z.enum(["production", "staging", "all"]).default("production"),
      plugins: Slugs.optional(),
      themes: Slugs.optional(),
      refresh: z.boolean().optional().describe("Bypass 60 s cache"),
      limit: Limit(25, 200),
      offset: Offset,
    },
    effect: "read",
    run: async (args, ctx) => {
      const read = await readFleet(ctx, {
        site_ids: args.site_ids,
        account_id: args.account_id,
        search: args.search,
        plugins: args.plugins,
        themes: args.themes,
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
