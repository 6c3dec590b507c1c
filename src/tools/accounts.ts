/**
 * Accounts, users, invites and access levels. Account management needs an administrator or a full-billing member;
 * GET /users is empty for non-admins. Invite tokens are kept out of answers: they grant access to an account.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation, type OperationContext } from "../operations/types.js";
import { AccountId, Email, id, Limit, Offset, positiveInt, Search, UserId } from "../operations/schemas.js";
import { pageOf, paginate } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { DefaultsInput, mergeDefaults, renderRow, type Row } from "./shared.js";

const Level = z.enum(["full-billing", "full", "sites-only", "domains-only"]);
const InviteToken = z
  .string()
  .trim()
  .regex(/^[a-f0-9]{48}$/i, "the 48-character token from the invite link")
  .describe("Invite token (48 hex)");
const Name = (what: string) => z.string().trim().min(1).max(200).describe(what);

const ids = (list: unknown) => asArray(list).map(toId);

function accountRow(a: Row): Row {
  return {
    account_id: toId(a.account_id),
    name: a.name,
    plan: a.plan_name || undefined,
    billing_user_id: a.billing_user_id || undefined,
    metrics: a.metrics,
  };
}

const stripTags = (s: unknown) => (typeof s === "string" ? s.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : s);

function compactPlan(plan: unknown): unknown {
  if (!plan || typeof plan !== "object") return plan || undefined;
  const p = plan as Row;
  const out: Row = {};
  for (const k of ["name", "price", "interval", "status", "next_renewal", "billing_user_id", "limits", "usage", "auto_pay"]) {
    if (p[k] !== undefined && p[k] !== "") out[k] = p[k];
  }
  for (const k of ["addons", "charges", "credits"]) if (Array.isArray(p[k]) && (p[k] as unknown[]).length) out[k] = p[k];
  return out;
}

/** Invites without their token (it lets anyone logged in join the account). */
const compactInvites = (list: unknown) =>
  asArray(list).map((i) => {
    const r = i as Row;
    return { invite_id: toId(r.invite_id), email: r.email, level: r.level, created_at: r.created_at };
  });

const SITE_CAP = 50;

/** GET /accounts/{id} and GET /invites share this shape: sections gated by the caller's level. */
function compactAccountView(data: unknown): Row {
  const d = (data ?? {}) as Row;
  const account = (d.account ?? {}) as Row;
  const sites = asArray(d.sites).map((s) => ({ site_id: toId((s as Row).site_id), name: (s as Row).name }));
  const out: Row = {
    account: {
      account_id: toId(account.account_id),
      name: account.name,
      plan: compactPlan(account.plan),
      metrics: account.metrics,
      defaults: account.defaults,
    },
    level: d.level,
    owner: d.owner,
    users: asArray(d.users).map((u) => {
      const r = u as Row;
      return { user_id: toId(r.user_id), name: r.name, email: r.email, level: r.level };
    }),
    invites: compactInvites(d.invites),
    domains: asArray(d.domains).map((x) => ({ domain_id: toId((x as Row).domain_id), name: (x as Row).name })),
    sites: sites.slice(0, SITE_CAP),
  };
  if (sites.length > SITE_CAP) out.sites_total = sites.length;
  const usage = d.usage_breakdown as Row | undefined;
  if (usage && Array.isArray(usage.total)) out.usage = usage.total.map(stripTags);
  const timeline = asArray(d.timeline);
  if (timeline.length) {
    out.recent_timeline = timeline.slice(0, 5).map((t) => {
      const r = t as Row;
      return { created_at: r.created_at, name: r.name, description: r.description_raw ?? stripTags(r.description) };
    });
  }
  if (Array.isArray(d.invoices)) {
    out.recent_invoices = d.invoices.slice(0, 5).map((i) => {
      const r = i as Row;
      return { order_id: r.order_id, date: r.date, status: r.status, total: r.total };
    });
  }
  return out;
}

async function findAccount(ctx: OperationContext, accountId: number): Promise<Row> {
  const list = asArray(await ctx.call({ method: "GET", path: "/accounts" })) as Row[];
  const account = list.find((a) => Number(a.account_id) === accountId);
  if (!account) {
    throw new CaptainCoreError("forbidden", `Account ${accountId} is not visible to this user`, { status: 403 });
  }
  return account;
}

export const operations = [
  defineOperation({
    name: "list_accounts",
    toolset: "accounts",
    method: "GET",
    path: "/accounts",
    summary: "List accounts visible to you, with plan and usage counts",
    words: "all customer accounts clients list of customers",
    description: "Next: get_account.",
    input: { search: Search, limit: Limit(50, 200), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).filter((a) => matches([a.name, a.plan_name], args.search));
      return pageOf("accounts", rows.map(accountRow), args);
    },
  }),
  defineOperation({
    name: "get_account",
    toolset: "accounts",
    method: "GET",
    path: "/accounts/{account_id}",
    summary: "Get an account: plan, members, invites, domains, sites, usage",
    words: "account details members sites domains plan usage account with its sites and people members users of an account",
    description: "Sections depend on your level.",
    input: { account_id: AccountId },
    // The GET recalculates the account's cached usage totals: derived numbers, not a change (SECURITY.md).
    effect: "read",
    render: compactAccountView,
  }),
  defineOperation({
    name: "create_account",
    toolset: "accounts",
    method: "POST",
    path: "/accounts",
    summary: "Create an account; returns its account_id",
    words: "new customer account new client onboard company",
    description: "A non-admin creator becomes a member with level full.",
    input: { name: Name("") },
    effect: "write",
    render: (data) => ({ account_id: toId(data) }),
  }),
  defineOperation({
    name: "update_account",
    toolset: "accounts",
    method: "PUT",
    path: "/accounts/{account_id}",
    summary: "Rename an account or change its billing user",
    words: "rename account change billing owner",
    description: "Needs full-billing.",
    input: {
      account_id: AccountId,
      name: Name(""),
      billing_user_id: UserId.optional(),
    },
    effect: "write",
    idempotent: true,
    // The API writes both fields; a missing billing_user_id would be stored as 0.
    run: async (args, ctx) => {
      const billing = args.billing_user_id ?? Number((await findAccount(ctx, args.account_id)).billing_user_id ?? 0);
      const account = { name: args.name, billing_user_id: billing };
      const out = (await ctx.call({ body: { account } })) as Row;
      return { account_id: args.account_id, ...(out ?? account) };
    },
  }),
  defineOperation({
    name: "delete_account",
    toolset: "accounts",
    method: "DELETE",
    path: "/accounts/{account_id}",
    summary: "Delete an account (admin)",
    words: "delete account remove customer",
    description: "Unknown ids also report success.",
    input: { account_id: AccountId },
    effect: "destructive",
    confirmText: "Deletes the account and its memberships; its sites lose their owner.",
    render: (data, args) => ({ deleted: true, account_id: args.account_id, ...(data as Row) }),
  }),
  defineOperation({
    name: "set_account_defaults",
    toolset: "accounts",
    method: "PUT",
    path: "/accounts/{account_id}/defaults",
    summary: "Change an account's defaults for new sites",
    words: "account defaults for new sites default email timezone recipes users",
    description: "Any member may call it.",
    input: { account_id: AccountId, ...DefaultsInput },
    effect: "write",
    idempotent: true,
    run: async (args, ctx) => {
      const defaults = mergeDefaults((await findAccount(ctx, args.account_id)).defaults, args);
      await ctx.call({ body: { defaults } });
      return { updated: true, account_id: args.account_id, defaults };
    },
  }),
  defineOperation({
    name: "set_account_plan",
    toolset: "accounts",
    method: "PUT",
    path: "/accounts/{account_id}/plan",
    summary: "Set an account's hosting plan (admin)",
    words: "change hosting plan monthly price upgrade downgrade plan of an account",
    input: {
      account_id: AccountId,
      name: z.string().trim().max(100).optional(),
      price: z.number().min(0).optional().describe("Price per interval"),
      interval: z.enum(["1", "3", "6", "12", "24"]).optional().describe("Months between renewals"),
      next_renewal: z
        .string()
        .refine((v) => /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(v), "YYYY-MM-DD")
        .optional()
        .describe("YYYY-MM-DD"),
      limits: z
        .strictObject({
          storage: z.number().min(0).optional().describe("GB"),
          visits: z.number().int().min(0).optional().describe("Yearly"),
          sites: z.number().int().min(0).optional().describe("Sites"),
        })
        .optional(),
    },
    effect: "write",
    idempotent: true,
    // The API stores missing fields as "": start from the current plan.
    run: async (args, ctx) => {
      const view = (await ctx.call({ method: "GET", path: "/accounts/{account_id}" })) as Row;
      const current = ((view?.account as Row)?.plan ?? {}) as Row;
      const plan: Row = typeof current === "object" && current ? { ...current } : {};
      delete plan.usage;
      const { account_id, limits, next_renewal, ...rest } = args;
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) plan[k] = k === "price" ? String(v) : v;
      if (limits) plan.limits = { ...((plan.limits as Row) ?? {}), ...limits };
      if (next_renewal) plan.next_renewal = next_renewal.length === 10 ? `${next_renewal} 00:00:00` : next_renewal;
      await ctx.call({ params: { account_id }, body: { plan } });
      return { updated: true, account_id, plan: compactPlan(plan) };
    },
  }),
  defineOperation({
    name: "invite_account_user",
    toolset: "accounts",
    method: "POST",
    path: "/accounts/{account_id}/invites",
    summary: "Invite someone by email to an account",
    words: "invite someone to an account add teammate by email give access",
    description: "Existing users get access at once, others an email.",
    input: { account_id: AccountId, email: Email, level: Level.exclude(["full-billing"]).default("full") },
    effect: "write",
    body: (args) => ({ invite: args.email, level: args.level }),
  }),
  defineOperation({
    name: "delete_account_invite",
    toolset: "accounts",
    method: "DELETE",
    path: "/accounts/{account_id}/invites/{invite_id}",
    summary: "Cancel a pending invite",
    words: "cancel invite revoke invitation",
    description: "Needs full-billing.",
    input: { account_id: AccountId, invite_id: id("Invite ID") },
    effect: "destructive",
    confirmText: "The invite link stops working.",
    render: (_data, args) => ({ deleted: true, invite_id: args.invite_id }),
  }),
  defineOperation({
    name: "remove_account_user",
    toolset: "accounts",
    method: "DELETE",
    path: "/accounts/{account_id}/users/{user_id}",
    summary: "Remove a member from an account",
    words: "remove someone from account revoke access",
    description: "Needs full-billing; not for the billing owner.",
    input: { account_id: AccountId, user_id: UserId },
    effect: "destructive",
    confirmText: "The user loses access to the account.",
    render: (_data, args) => ({ removed: true, account_id: args.account_id, user_id: args.user_id }),
  }),
  defineOperation({
    name: "set_account_user_level",
    toolset: "accounts",
    method: "PUT",
    path: "/accounts/{account_id}/users/{user_id}/level",
    summary: "Change a member's access level",
    words: "make someone owner admin permission level role access level",
    description: "full-billing makes them the billing owner.",
    input: { account_id: AccountId, user_id: UserId, level: Level },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "get_invite",
    toolset: "accounts",
    method: "GET",
    path: "/invites",
    summary: "Look up an invite by account and token before accepting it",
    words: "look up invite invitation details check invitation token",
    input: { account: AccountId, token: InviteToken },
    effect: "read",
    render: (data) => {
      const view = compactAccountView(data);
      return { account: view.account, users: view.users, sites: view.sites, domains: view.domains };
    },
  }),
  defineOperation({
    name: "accept_invite",
    toolset: "accounts",
    method: "POST",
    path: "/invites/accept",
    summary: "Accept an invite: join the account with the invited level",
    words: "accept invitation join account",
    input: { account: AccountId, token: InviteToken },
    effect: "write",
  }),
  defineOperation({
    name: "list_users",
    toolset: "accounts",
    method: "GET",
    path: "/users",
    summary: "List portal users with their account ids (admin)",
    words: "all portal users people with a login on captaincore staff",
    input: { search: Search, limit: Limit(50, 200), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).filter((u) => matches([u.name, u.username, u.email], args.search));
      const { items, ...paging } = paginate(
        rows.map((u) => ({
          user_id: toId(u.user_id),
          username: u.username,
          name: u.name,
          email: u.email,
          roles: u.roles,
          account_ids: ids(u.account_ids),
        })),
        args.offset,
        args.limit,
      );
      const out: Row = { users: items, ...paging };
      if (asArray(data).length === 0) out.note = "CaptainCore returns no users to non-administrators.";
      return out;
    },
  }),
  defineOperation({
    name: "get_user",
    toolset: "accounts",
    method: "GET",
    path: "/users/{user_id}",
    summary: "Get one portal user (admin)",
    words: "one portal user details user profile person's details",
    input: { user_id: UserId },
    effect: "read",
    render: renderRow((u, args) => {
      if (u.name === "Unknown User" && !u.username) {
        throw new CaptainCoreError("not_found", `No user ${args.user_id}; find ids with list_users`);
      }
      return { ...u, user_id: toId(u.user_id), account_ids: ids(u.account_ids) };
    }),
  }),
  defineOperation({
    name: "list_user_accounts",
    toolset: "accounts",
    method: "GET",
    path: "/users/{user_id}/accounts",
    summary: "List the account ids a user belongs to (admin)",
    words: "which accounts a user belongs to what customers can this person access",
    input: { user_id: UserId },
    effect: "read",
    run: async (args, ctx) => {
      try {
        return { user_id: args.user_id, account_ids: ids(await ctx.call({})) };
      } catch (err) {
        // Non-admins get HTTP 403 with the body [].
        if (err instanceof CaptainCoreError && err.status === 403) {
          throw new CaptainCoreError("forbidden", "Only administrators can list a user's accounts; use get_me for your own", {
            status: 403,
          });
        }
        throw err;
      }
    },
  }),
  defineOperation({
    name: "create_user",
    toolset: "accounts",
    method: "POST",
    path: "/users",
    summary: "Create a portal user (admin); returns user_id",
    words: "create portal login new user for a team member",
    description: "Sends a welcome email; accounts joined as full.",
    input: {
      login: Name("Username"),
      email: Email,
      first_name: z.string().trim().max(100).optional().describe("First name"),
      last_name: z.string().trim().max(100).optional().describe("Last name"),
      account_ids: z.array(positiveInt).max(100).optional(),
    },
    effect: "write",
    // The API answers {} without the new id: look it up.
    run: async (args, ctx) => {
      await ctx.call({ body: args });
      const users = asArray(await ctx.call({ method: "GET", path: "/users" })) as Row[];
      const user = users.find((u) => String(u.username).toLowerCase() === args.login.toLowerCase());
      return user
        ? { created: true, user_id: toId(user.user_id), username: user.username, email: user.email, account_ids: ids(user.account_ids) }
        : { created: true, username: args.login, note: "CaptainCore returned no id; find it with list_users." };
    },
  }),
  defineOperation({
    name: "update_user",
    toolset: "accounts",
    method: "PUT",
    path: "/users/{user_id}",
    summary: "Update a user's name, email or accounts (admin)",
    words: "change a user name email accounts edit portal user",
    description: "account_ids is the full list.",
    input: {
      user_id: UserId,
      name: Name("Display name").optional(),
      email: Email.optional(),
      first_name: z.string().trim().max(100).optional().describe("First name"),
      last_name: z.string().trim().max(100).optional().describe("Last name"),
      account_ids: z.array(positiveInt).max(100).optional(),
    },
    effect: "write",
    idempotent: true,
    // The API reads the user from the body (not the path) and unlinks every account missing from account_ids.
    run: async (args, ctx) => {
      const current = (await ctx.call({ method: "GET", path: "/users/{user_id}" })) as Row;
      if (!current || (current.name === "Unknown User" && !current.username)) {
        throw new CaptainCoreError("not_found", `No user ${args.user_id}; find ids with list_users`);
      }
      const body: Row = {
        user_id: args.user_id,
        name: args.name ?? current.name,
        email: args.email ?? current.email,
        first_name: args.first_name ?? current.first_name ?? "",
        last_name: args.last_name ?? current.last_name ?? "",
        account_ids: args.account_ids ?? ids(current.account_ids),
      };
      const out = (await ctx.call({ body })) as Row;
      return { ...(out ?? body), user_id: args.user_id, account_ids: ids((out ?? body).account_ids) };
    },
  }),
];
