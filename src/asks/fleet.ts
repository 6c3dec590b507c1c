/** Requests people make for the operations of src/tools/fleet.ts: see src/asks/index.ts. */
export const asks: Record<string, readonly string[]> = {
  "list_pending_updates": [
    "what needs updating across all our sites?", "which sites have outdated plugins",
    "how many sites still need the WooCommerce update", "is anything out of date on bakery.com",
    "list every site still on an old version of Yoast", "what WordPress core updates are waiting",
    "update report: plugins and themes behind on the fleet", "which client sites are due for theme updates",
    "which client websites are behind on security patches",
    "outstanding plugin upgrades for the Harbor Realty account", "does anything on lakeviewvet.com need upgrading",
    "how many sites are still running an old version of Elementor",
    "maintenance checklist: show every plugin and theme upgrade due across production",
    "are there wordpress core upgrades we haven't applied yet",
  ],
};
