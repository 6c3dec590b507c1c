/**
 * Site resources: captaincore://sites/{site_id} (a compact profile: environments, core, plugins/themes with pending
 * updates, recent quicksaves) and captaincore://sites/{site_id}/{environment}/quicksaves/{hash} (what changed).
 */
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { CaptainCoreError } from "../client/errors.js";
import { readApi } from "./api.js";
import type { ResourceModule, ServerContext } from "../context.js";
import { asArray, environmentSummary, type Row, toId } from "../operations/render.js";
import { completeEnvironment, completeSiteId, fleet, isId } from "./complete.js";
import { buildPath } from "../operations/request.js";

const SITE = /^captaincore:\/\/sites\/(\d+)$/;
const QUICKSAVE = /^captaincore:\/\/sites\/(\d+)\/([a-z0-9-]+)\/quicksaves\/([A-Za-z0-9]{6,64})$/i;
export const SITE_TEMPLATE = "captaincore://sites/{site_id}";
export const QUICKSAVE_TEMPLATE = "captaincore://sites/{site_id}/{environment}/quicksaves/{hash}";
const LIST_LIMIT = 50;
const MAX_CHANGED = 500;

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value) }] };
}

function notReadable(uri: string, err: unknown): McpError {
  if (err instanceof CaptainCoreError) {
    const why =
      err.code === "forbidden" || err.code === "not_found"
        ? "it does not exist or this user cannot see it (check the id with list_sites)"
        : err.message;
    return new McpError(ErrorCode.InvalidParams, `Cannot read ${uri}: ${why}.`);
  }
  return new McpError(ErrorCode.InternalError, `Cannot read ${uri}: ${(err as Error)?.message ?? String(err)}`);
}

async function recentQuicksaves(ctx: ServerContext, siteId: string, signal?: AbortSignal) {
  try {
    const list = asArray(
      await readApi(ctx, {
        path: "/quicksaves",
        query: { site_id: siteId, environment: "production" },
        signal,
      }),
    ) as Row[];
    return list.slice(0, 5).map((q) => ({
      hash: q.hash,
      created_at: q.created_at,
      core: q.core || undefined,
      uri: `captaincore://sites/${siteId}/production/quicksaves/${q.hash}`,
    }));
  } catch {
    return undefined;
  }
}

export async function siteProfile(ctx: ServerContext, siteId: string, signal?: AbortSignal): Promise<Row> {
  const [site, quicksaves] = await Promise.all([
    readApi(ctx, { path: buildPath("/sites/{site_id}", { site_id: siteId }), signal }),
    recentQuicksaves(ctx, siteId, signal),
  ]);
  const s = site as Row;
  const account = s.account as Row | undefined;
  return {
    site_id: toId(s.site_id),
    name: s.name,
    slug: s.site,
    provider: s.provider,
    status: s.status,
    core: s.core,
    account: account ? { account_id: toId(account.account_id), name: account.name } : undefined,
    environments: (asArray(s.environments) as Row[]).map((e) => environmentSummary(e, "full")),
    recent_quicksaves: quicksaves ?? "unavailable",
  };
}

const STATUS: Record<string, string> = { M: "modified", A: "added", D: "deleted", R: "renamed" };

export async function quicksaveChanges(ctx: ServerContext, siteId: string, environment: string, hash: string, signal?: AbortSignal) {
  const raw = await readApi(ctx, {
    path: buildPath("/quicksaves/{hash}/changed", { hash }),
    query: { site_id: siteId, environment: environment.toLowerCase() },
    signal,
  });
  const lines = (typeof raw === "string" ? raw : asArray(raw).join("\n")).split("\n").filter(Boolean);
  const changed = lines.map((line) => {
    const [code, ...rest] = line.split("\t");
    return { change: STATUS[code?.[0] ?? ""] ?? code, path: rest.join("\t") };
  });
  return {
    site_id: Number(siteId),
    environment: environment.toLowerCase(),
    hash,
    total: changed.length,
    changed: changed.slice(0, MAX_CHANGED),
    ...(changed.length > MAX_CHANGED ? { note: `First ${MAX_CHANGED} of ${changed.length}; use get_quicksave_changes to page.` } : {}),
  };
}

export const siteResources: ResourceModule = {
  templates: [
    {
      uriTemplate: SITE_TEMPLATE,
      name: "site",
      title: "Site profile",
      description: "A site's environments, WordPress core, plugins and themes with versions and pending updates, and recent quicksaves.",
      mimeType: "application/json",
    },
    {
      uriTemplate: QUICKSAVE_TEMPLATE,
      name: "quicksave",
      title: "Quicksave changes",
      description: "Files changed in one quicksave of a site environment.",
      mimeType: "application/json",
    },
  ],

  list: async (ctx) => {
    const sites = await fleet(ctx).catch(() => []);
    return sites.slice(0, LIST_LIMIT).map((s) => ({
      uri: `captaincore://sites/${s.site_id}`,
      name: s.name || s.slug,
      title: `Site ${s.name}`,
      mimeType: "application/json",
    }));
  },

  read: async (uri, ctx, signal) => {
    const href = uri.href;
    const site = SITE.exec(href);
    if (site) {
      try {
        return json(href, await siteProfile(ctx, site[1]!, signal));
      } catch (err) {
        throw notReadable(href, err);
      }
    }
    const qs = QUICKSAVE.exec(href);
    if (qs) {
      try {
        return json(href, await quicksaveChanges(ctx, qs[1]!, qs[2]!, qs[3]!, signal));
      } catch (err) {
        throw notReadable(href, err);
      }
    }
    return undefined;
  },

  complete: async (req, ctx) => {
    if (req.ref !== SITE_TEMPLATE && req.ref !== QUICKSAVE_TEMPLATE) return undefined;
    if (req.argument === "site_id") return completeSiteId(ctx, req.value);
    if (req.argument === "environment") return completeEnvironment(req.value);
    if (req.argument === "hash" && isId(req.context?.site_id)) {
      const list = asArray(
        await readApi(ctx, {
            path: "/quicksaves",
            query: { site_id: req.context.site_id, environment: req.context.environment ?? "production" },
          })
          .catch(() => []),
      ) as Row[];
      return list.map((q) => String(q.hash)).filter((h) => h.startsWith(req.value));
    }
    return [];
  },
};
