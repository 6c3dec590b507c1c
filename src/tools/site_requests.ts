/**
 * Site requests: a customer asks for a new site; admins move the request through its steps. The server matches a
 * request by its created_at (plus user_id for admins) and wants the whole object back, so the step operations
 * read the list, find the request and send it.
 */
import { CaptainCoreError } from "../client/errors.js";
import { InputError, rendered } from "../operations/executor.js";
import { defineOperation, type OperationContext } from "../operations/types.js";
import { AccountId, Domain, id, text } from "../operations/schemas.js";
import { asArray, toId } from "../operations/render.js";
import { type Row } from "./shared.js";

const Key = {
  created_at: id("request_key from list_site_requests"),
  user_id: id("Requester, if ambiguous").optional(),
};

/** Compact rows; request_key is the raw created_at (the request's key), shown as an ISO time like every timestamp. */
function requestRows(data: unknown) {
  const requests = (asArray(data) as Row[]).map((r) => {
    const { show: _s, ...rest } = r;
    const row: Row = { request_key: Number(r.created_at), ...rest, account_id: toId(r.account_id), user_id: toId(r.user_id) };
    for (const k of Object.keys(row)) if (row[k] === undefined || row[k] === "") delete row[k];
    return row;
  });
  return { requests, total: requests.length };
}

async function findRequest(args: { created_at: number; user_id?: number }, ctx: OperationContext): Promise<Row> {
  const all = asArray(await ctx.call({ method: "GET", path: "/requested-sites" })) as Row[];
  const hits = all.filter(
    (r) => Number(r.created_at) === args.created_at && (args.user_id === undefined || Number(r.user_id) === args.user_id),
  );
  if (hits.length > 1) {
    throw new InputError(
      `${hits.length} requests have created_at ${args.created_at} (users ${hits.map((r) => r.user_id).join(", ")}); add user_id. Nothing was changed.`,
    );
  }
  if (!hits.length) {
    throw new CaptainCoreError(
      "not_found",
      `No site request with created_at ${args.created_at}${args.user_id ? ` for user ${args.user_id}` : ""}; call list_site_requests for the current ones`,
    );
  }
  const { show: _s, ...request } = hits[0]!;
  return request;
}

/** Reads the request, sends it (changed) to a step route and returns the updated list. */
function stepOperation(method: "POST" | "PUT", path: string, change: (r: Row, args: Row) => Row = (r) => r) {
  return async (args: Row & { created_at: number; user_id?: number }, ctx: OperationContext) => {
    const request = change(await findRequest(args, ctx), args);
    const list = await ctx.call({ method, path, body: { request } });
    return rendered(requestRows(list));
  };
}

export const operations = [
  defineOperation({
    name: "list_site_requests",
    toolset: "site_requests",
    method: "GET",
    path: "/requested-sites",
    summary: "List new-site requests; step 1 requested, 2 processing, 3 ready",
    words: "new site requests waiting pending requests queue",
    input: {},
    effect: "read",
    render: requestRows,
  }),
  defineOperation({
    name: "create_site_request",
    toolset: "site_requests",
    method: "POST",
    path: "/site-requests",
    summary: "Ask the CaptainCore team to build a new site (emails admins)",
    words: "request a new site ask team to build a site order new website",
    input: {
      name: Domain,
      account_id: AccountId,
      notes: text("", 5000).optional(),
    },
    effect: "write",
    body: (args) => ({ request: { ...args, created_at: Math.floor(Date.now() / 1000), step: 1 } }),
    render: requestRows,
  }),
  defineOperation({
    name: "advance_site_request",
    toolset: "site_requests",
    method: "POST",
    path: "/site-requests/continue",
    summary: "Move a site request one step forward",
    words: "next step site request continue move forward progress request",
    input: Key,
    effect: "write",
    run: stepOperation("POST", "/site-requests/continue"),
  }),
  defineOperation({
    name: "step_back_site_request",
    toolset: "site_requests",
    method: "POST",
    path: "/site-requests/back",
    summary: "Move a site request one step back",
    words: "previous step site request go back undo step",
    input: Key,
    effect: "write",
    run: stepOperation("POST", "/site-requests/back"),
  }),
  defineOperation({
    name: "update_site_request",
    toolset: "site_requests",
    method: "PUT",
    path: "/site-requests/update",
    summary: "Change a site request's domain, account or notes",
    words: "edit site request change domain notes of a request",
    input: {
      ...Key,
      name: Domain.optional(),
      account_id: AccountId.optional(),
      notes: text("Notes", 5000).optional(),
    },
    effect: "write",
    idempotent: true,
    run: stepOperation("PUT", "/site-requests/update", (r, args) => {
      const out = { ...r };
      for (const k of ["name", "account_id", "notes"]) if (args[k] !== undefined) out[k] = args[k];
      return out;
    }),
  }),
  defineOperation({
    name: "delete_site_request",
    toolset: "site_requests",
    method: "POST",
    path: "/site-requests/delete",
    summary: "Delete a site request",
    words: "delete site request cancel request withdraw a request changed their mind",
    input: Key,
    effect: "destructive",
    confirmText: "Removes the request.",
    run: stepOperation("POST", "/site-requests/delete"),
  }),
];
