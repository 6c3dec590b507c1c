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
    asks: [
      "what new site requests are pending", "show requested sites", "is my new site ready yet?",
      "list site build requests and their status", "which requested sites are processing",
      "status of new site orders", "how many site requests are waiting",
      "anything in the new-site queue I need to work on?",
      "did anyone ask for a new website that we haven't built yet", "open build requests",
      "where are we on the florist's new site request", "which new sites are ready to hand over",
      "what's in the pipeline for new websites", "requests for new sites: what stage is each in",
      "any new site requests waiting on us?", "what new site requests are waiting?",
      "any new site requests from clients waiting on us?",
      "Dana at Copperline Coffee said she requested a new website last week — can you find her request?",
    ],
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
    asks: [
      "request a new site for bakery.com", "ask the team to build a new WordPress site",
      "I need a new website set up for Maple Yoga", "order a new site", "request hosting for a new domain",
      "submit a new site request with notes", "can you set up a fresh install for the client",
      "my client bought harborcoffee.com — can you guys spin up a WordPress site for it?",
      "we need a website for the new gym location", "please build greenway.org, it's for client 31",
      "ask your team for a new WordPress install, notes: use Astra theme",
      "the client bought a new domain and wants a site on it", "can I request a site for my florist client",
      "new build request for a landing page site", "ask the team to build a new site for harbor cafe",
      "Hi! We'd love a second website for our summer camp program. Can you get one started for us?",
      "hi! we'd like a new website for our second location, can you get that started?",
      "request a new site build for the spring campaign landing page",
    ],
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
    asks: [
      "move the bakery request to processing", "mark the site request as ready",
      "the yoga studio site is set up on Rocket.net, flag the request as done", "next step for that new site request",
      "we've started building it — switch that request from requested to in progress",
      "the new site is built — move the request on", "bump the request to the next stage",
      "progress the site request", "the florist's site is live, mark that request complete",
      "we started work on greenway.org, update its status", "push the new-site order forward",
      "move request from in progress to ready", "request for the gym's site can go to the next stage",
      "the new build is finished, flip it to ready", "move the harbor cafe site request on to the next step",
      "move the summit dental site request to the next step",
      "design is signed off on the Harborview site request, move it to the next step", "advance the new site request",
    ],
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
    asks: [
      "move the site request back a step", "that request isn't ready, revert it to processing",
      "undo the last status change on the site request", "put the bakery request back to requested",
      "the DNS isn't pointed yet so it's not really ready — put it back to processing",
      "oops, I advanced the wrong new-site request, send it back one stage", "marked ready by mistake, move it back",
      "return the request to the previous step", "the florist's site still needs work, move it back from ready",
      "roll back the status on the greenway request", "revert new site order to the earlier stage",
      "we haven't actually started building that one, set it back to requested",
      "previous stage for the gym site request", "that request got advanced too early, undo",
      "oops, send that site request back one step",
      "move the Marigold site request back a step, they're not ready to launch",
      "oops, advanced that new-site request too far. go back one stage",
    ],
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
    asks: [
      "change the domain on my site request", "update the notes on the bakery request",
      "put the request under the Acme account instead",
      "client wants mapleyoga.co instead of .com on their pending site order",
      "fix the site name on the pending request", "add notes about the theme they want",
      "the client picked a different domain", "change which account the requested site belongs to",
      "the florist wants bluebirdflowers.com instead, update the request",
      "the new site request should be billed to client 31", "add a note: client wants a booking plugin",
      "edit details on a pending site build", "the domain on the gym's request is misspelled",
      "the client sent more requirements for the site we're building, add them to the request",
      "change the domain on the pending site request",
      "update the target launch date on my pending site request to March 3",
      "add some notes to the new site request, they want a blog too",
    ],
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
    asks: [
      "delete the site request", "cancel the new site request", "the client changed their mind, remove the request",
      "withdraw the site request", "remove the duplicate request", "scrap the bakery site request",
      "throw away the test site request I made", "we don't need that new site anymore",
      "the florist doesn't want a new site anymore, cancel it", "remove the greenway build request",
      "I submitted the site request twice, delete one", "drop a pending site order",
      "the project fell through, scrap the new website request", "cancel site request from the gym",
      "cancel the pending request for the new bakery site",
      "withdraw the summitdental request, client changed their mind",
      "cancel the site request for the popup shop, client changed their mind",
      "delete that duplicate new-site request I submitted twice",
    ],
    input: Key,
    effect: "destructive",
    confirmText: "Removes the request.",
    run: stepOperation("POST", "/site-requests/delete"),
  }),
];
