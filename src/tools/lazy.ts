/**
 * Each toolset's module, loaded when one of its operations is first called: the server starts from the index
 * (dist/operations-index.json) and builds no operation's zod schemas until it needs them.
 */
import type { Operation, OperationInfo, ToolsetName } from "../operations/types.js";

type ToolsetModule = { operations: readonly Operation[] };

const MODULES: Record<ToolsetName, () => Promise<ToolsetModule>> = {
  sites: async () => ({ operations: [...(await import("./sites.js")).operations, ...(await import("./fleet.js")).operations] }),
  environments: () => import("./environments.js"),
  jobs: () => import("./jobs.js"),
  quicksaves: () => import("./quicksaves.js"),
  updates: () => import("./updates.js"),
  filters: () => import("./filters.js"),
  scripts: () => import("./scripts.js"),
  backups: async () => ({ operations: [...(await import("./backups.js")).operations, ...(await import("./captures.js")).operations] }),
  stats: () => import("./stats.js"),
  site_requests: () => import("./site_requests.js"),
  directory: () => import("./directory.js"),
  domains: () => import("./domains.js"),
  dns: () => import("./dns.js"),
  email: () => import("./email.js"),
  accounts: () => import("./accounts.js"),
  profile: () => import("./profile.js"),
  billing: () => import("./billing.js"),
  providers: () => import("./providers.js"),
  reports: () => import("./reports.js"),
  config: () => import("./config.js"),
};

/** The operations of one toolset, from its module. */
export async function loadToolset(toolset: ToolsetName): Promise<readonly Operation[]> {
  return (await MODULES[toolset]()).operations;
}

const loaded = new Map<string, Operation>();

/** The operation an index entry describes, loading its toolset's module on first use. */
export async function loadOperation(info: Pick<OperationInfo, "name" | "toolset">): Promise<Operation | undefined> {
  let op = loaded.get(info.name);
  if (!op) {
    for (const o of await loadToolset(info.toolset)) loaded.set(o.name, o);
    op = loaded.get(info.name);
  }
  return op;
}
