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
    asks: [
      "show me all the client accounts we have",
      "which customer accounts are on the platform and what plan is each on?",
      "which of our customers is on the biggest plan?", "how many sites does each of our clients have right now",
      "find the account for Maple Yoga", "give me an overview of every customer org with their usage numbers",
      "search accounts with 'bakery' in the name", "what companies/clients am I able to see in CaptainCore?",
      "list every customer org we manage along with their hosting tier", "clients roster",
      "are there any client records set up for the dentist office yet?",
      "who are all the businesses we host for, and how much is each one using?",
      "I'm doing a year-end review of our book of business, pull up all the customers",
      "which clients are we carrying on the agency dashboard, page two of the list", "list customer accounts",
      "show me all the client accounts", "show me all my client accounts",
      "how many customer accounts do we have in total?",
    ],
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
    asks: [
      "pull up the Maple Yoga account — who's on it and which sites they have",
      "what plan is the bakery.com client on and how close are they to their limits?",
      "how many sites and domains does account 42 have and who manages it",
      "who are the members of the Smith Dental account and are there any outstanding invites?",
      "which domains and websites belong to this customer", "open the client record for Riverside Law",
      "is the Acme account over its storage or visitor allowance?",
      "everything about one client: users, domains, sites, usage",
      "what does the Pinecrest Vet customer have set up with us",
      "show me the full breakdown for client 88: team, domains, websites, quota",
      "the owner of the flower shop called asking what she's paying for, look up her org",
      "how many sites is the Lakeside Dental client running, and who's on their team", "details for one customer org",
      "is anyone still pending to join the Greenway client and what domains do they have with us",
      "who is on the acme account team", "show me the Hartley Group account with its sites and people",
      "pull up the Meridian Architects account — who's on it and which sites do they have",
      "what's in the Hollow Oak Winery account?",
    ],
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
    asks: [
      "set up a new client account called Sunrise Bakery", "we just signed a new customer, add them as an account",
      "create account 'Maple Yoga Studio'", "make a new organization in the portal for our latest client",
      "onboard Riverside Law — start them a fresh account", "I need a new customer bucket to put their sites under",
      "add a company to CaptainCore named Harbor Coffee",
      "open up a brand new account for a client who's moving from WP Engine", "new client org: Bluebird Florist",
      "we closed the deal with the plumbing company today, get them into the system",
      "can you add a fresh customer record so I can start attaching their websites",
      "set up a home in the portal for a new retainer client",
      "start a customer profile for the architecture firm we just signed",
      "I'm bringing my first client over, make a spot for them on the dashboard",
      "create an account for the new client Harbor Cafe LLC",
      "create an account for Kessler Group, contact is Tom Kessler",
      "create a new client account for Sprocket Bicycle Co",
      "new customer signed today — Fairhaven Family Dental. set them up as an account please",
    ],
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
    asks: [
      "rename the Acme account to Acme Holdings", "change who gets billed for the Maple Yoga account",
      "the client rebranded, fix their account name",
      "make Jenny the billing contact on the bakery account instead of Tom",
      "switch the billing owner for account 17 to another user",
      "typo in the account name 'Smtih Dental', please correct it",
      "transfer invoicing responsibility on this account to the new office manager",
      "update account title to 'Harbor Coffee Co.'",
      "the dentist office is now called Bright Smiles Dental, update their org name",
      "who pays for this client should be the owner's wife now, swap it", "change the name shown on client 31",
      "company got acquired and renamed, change it in the portal",
      "invoices for the gym should go to their new bookkeeper, reassign the payer",
      "set the paying member on the florist org to Maria",
      "rename the harbor cafe account to Harbor Hospitality Group",
      "rename the account 'Jones Law' to 'Jones & Partners'",
      "rename the account 'Smith LLC' to 'Smith & Daughters LLC'",
      "update the name on the Greenleaf customer account",
    ],
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
    asks: [
      "delete the Acme account, they're gone", "remove this client account entirely from the portal",
      "the customer churned — wipe their account", "get rid of the duplicate test account I made yesterday",
      "clean up the empty account from the client that never signed",
      "close out and delete the Riverside Law organization",
      "we no longer host for Sunrise Bakery, delete their account record", "purge the old dummy customer account",
      "remove client org 44 permanently", "the pottery studio shut down, erase them from our customer list",
      "we parted ways with that customer, take them off the dashboard for good",
      "drop the placeholder org I created while testing", "can you permanently get rid of a customer record",
      "nuke the old org we merged into the other one", "delete the 'Test Account' thing, nobody uses it",
      "delete the oldtownpizza account, they've left us",
      "Sunrise Realty closed their business, wipe their whole client account from the dashboard",
      "how do I get rid of the duplicate 'Oakwood Dental (old)' account we made by mistake?",
    ],
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
    asks: [
      "new sites for Maple Yoga should default to their admin email",
      "set the default timezone for this client's future sites to America/Chicago",
      "which recipes should auto-run on every new site we create for the bakery account? set them",
      "change the default WordPress admin users that get added to new sites on this account",
      "make all new installs under Acme use Europe/London time",
      "configure account defaults so fresh sites get our standard setup",
      "when we spin up sites for this customer, preload these admin logins",
      "update the default notification email for new sites on account 12",
      "every future website for the dental group should start on Pacific time",
      "what admin email do new builds for this client get? change it to office@lakesidedental.com",
      "preset the starter logins for any site we add to the vet clinic's org",
      "our standard tweaks should run automatically when a site gets added for this customer",
      "default tz + contact email for new installs, client 9",
      "we keep fixing the timezone by hand on each new site for this client, set it once",
      "new sites under acme should default to their ops email and chicago timezone",
      "every new site on the Alder account should come with our SEO plugin and their admin user already set up",
      "every new site under Sunrise Realty should get the same admin users and plugins out of the box",
      "set default timezone and admin email for new sites on the Oakline account",
    ],
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
    asks: [
      "put Maple Yoga on the Business plan at $50/month", "change this client's hosting package and price",
      "bump the bakery account to yearly billing at $600",
      "set the plan limits for Acme to 10 sites and 20GB storage",
      "move the renewal date for the Riverside account's plan to March 1",
      "assign a hosting plan to this new customer", "upgrade their plan tier — more visitors allowed",
      "adjust the monthly price we charge Harbor Coffee for hosting",
      "the florist should be on the Starter package, 25 a month",
      "raise the storage cap on the gym's hosting to 50GB", "switch client 31 to annual and renew on July 1",
      "we agreed a discount with the architect firm, set their hosting rate to $35",
      "what they pay and what they're allowed: set it for the dental client",
      "push the next billing date for the vet clinic out a month",
      "switch greenleaf to the growth plan at $79 a month", "move the Hartley account onto the $99/month plan",
      "bump Kessler to the agency tier at $150/mo", "upgrade the Lakeside account to the 10-site plan",
      "drop Hollow Creek down to the basic hosting plan at $30/mo",
    ],
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
    asks: [
      "invite jane@bakery.com to the bakery account", "give the client's marketing person access to their sites",
      "send an invite to my new developer so they can see the Acme account",
      "add tom@mapleyoga.com to Maple Yoga with full access",
      "let their office manager log in and see invoices — invite her",
      "share this account with a freelancer via email", "grant someone access to a client account",
      "can you email an invitation to the owner so they can join the portal",
      "our new designer needs to get into the florist's websites, send her a join link",
      "bring maria@bluebirdflorist.com onto their client org",
      "the client's nephew is helping with the site, can you let him in with limited rights",
      "email an access link to the new project manager for the gym account",
      "add a teammate to this customer by email address",
      "how do I get the shop owner into the dashboard so she can see her own stuff", "invite a user to an account",
      "give my colleague full access to the acme account", "invite tom@kesslergroup.com to the Kessler account",
      "invite tom@lighthouseroasters.com to the Lighthouse Roasters account",
      "add my client's office manager to their account so she can see their sites and invoices",
    ],
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
    asks: [
      "cancel the invite I sent to jane@bakery.com", "revoke that pending invitation, wrong email address",
      "withdraw the outstanding invite on the Acme account", "the freelancer never accepted — kill the invitation",
      "delete pending invite for the old contractor", "I invited the wrong person, undo it",
      "remove the unused invitation link so it can't be used", "rescind access invite that hasn't been accepted yet",
      "take back the join link I emailed to the old assistant", "I typed the email wrong on that invitation, void it",
      "pending access request for sam@gym.com should be cancelled",
      "that person is no longer with the company, pull the unanswered invite",
      "invite still sitting there unaccepted on the florist org, get rid of it",
      "clear out stale invitations on client 31", "cancel the invite I sent bob, wrong email address",
      "I sent the invite for the Pinecrest account to the wrong email, can I cancel it before they click it?",
      "revoke pending invite for jess@lumenmedia.io on Lumen",
    ],
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
    asks: [
      "remove Tom from the Maple Yoga account", "the employee left, take away their access to the client's sites",
      "kick the old developer off the Acme account", "revoke a member's access to this account",
      "our contractor's done, drop him from the bakery account", "unlink jane from Riverside Law",
      "this person shouldn't see our client anymore — remove them", "the client fired their web guy, pull his access",
      "Sarah quit the dental office, she shouldn't be able to get into their stuff", "take maria off the florist org",
      "our intern's done for the summer, strip him from the gym client", "offboard a team member from this customer",
      "the agency they used before still has a seat on their account, boot them",
      "delete user 77 from client 12's members", "remove a user from an account",
      "remove sarah from the bakery account", "remove Tom from the bakery account, he doesn't work there anymore",
      "Brad left Alder Group, take him off their account",
      "Dave left Coastal Kitchens, take away his access to their stuff",
      "remove our former contractor from the Bright Path Schools account so he can't see their sites anymore",
    ],
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
    asks: [
      "give Jane full access on the bakery account", "downgrade Tom so he can't see billing",
      "make the office manager the billing owner for Maple Yoga",
      "Jane shouldn't be able to change anything, limit her access", "promote the marketing guy to full-billing",
      "restrict the freelancer to limited access on Acme", "she needs to pay invoices now, upgrade her role",
      "set user 55's access level on account 12", "let maria handle payments on the florist org too",
      "make the intern view-only on the dental client",
      "what permission does Sam have on the gym account? bump him to full",
      "the client's assistant should only see sites, not invoices",
      "hand the billing over to the new owner by giving her top-level rights", "change role for a member on client 9",
      "make sarah an owner on the lakeside account, not just a regular user",
      "make Sarah an owner on the Sunrise account instead of just a viewer",
      "make Sofia an owner on the Harbor Lights account instead of a regular member",
      "make Tom an owner on the Parker Bros account instead of just a regular user",
      "reduce the intern's permissions on the Mesa account",
    ],
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
    asks: [
      "I got an invite link, what account is it for?", "check this invitation token before I accept it",
      "is this invite still valid?", "who invited me and at what access level?",
      "look up invite for account 12 with token abc123", "what does this CaptainCore invite email give me access to",
      "got a join email from CaptainCore — is it real and what would I get",
      "peek at the invite details without joining yet",
      "someone sent me a link to join a CaptainCore team, what is it",
      "before I click accept, which org does this invite belong to", "has this access link expired?",
      "what permissions would I have if I join via this token", "verify invite token xyz789 for account 31",
      "my agency emailed me a join code, whose account is it and what role",
      "check what an invite token is for before accepting",
      "is this invite link still good? account 75, token abc123",
      "I got an invite email to join the Riverside Florist account — is the link still good?",
      "look up invitation token 7fHq2 for account 88, is it valid",
    ],
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
    asks: [
      "accept the invite to the Maple Yoga account", "join the account I was invited to",
      "yes, take the invitation — token abc123", "I got an invite email from my agency, let me in",
      "redeem this invite link", "add me to the bakery account using the invite",
      "yes I want in — accept the invitation for account 12", "claim my access from the invite code",
      "I'm in, join me to the florist org with this code", "go ahead and confirm my membership from the email link",
      "use token xyz789 to add me to account 31", "my web developer invited me, please get me access now",
      "join the team I was asked to join", "okay, I've checked it, go ahead and accept",
      "accept the invitation to join account 75", "accept the invitation I got to join the Hartley account",
      "I got an email invite to join the Harbor & Pine account, how do I accept it?",
      "accept Marcy's invitation so I can finally see the Lakeside Bakery sites",
    ],
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
    asks: [
      "give me a roster of everyone who can log into our CaptainCore", "who has logins to CaptainCore?",
      "find the user with email jane@bakery.com", "show me everyone with an account on our dashboard",
      "how many people can log into the portal", "search users named Tom", "directory of all client and staff logins",
      "which users exist and which accounts are they tied to", "all logins on the portal, staff and clients",
      "is there already a login for maria@bluebirdflorist.com?",
      "which people have portal access and which customer are they attached to",
      "I want to audit who can get into the dashboard", "look for anyone with 'smiles' in their username",
      "page through everyone registered in our system", "list all the people who have a login on our captaincore",
      "show me every person who has a login to the dashboard", "list every user in the system",
      "who all has a login to our dashboard? need to audit before SOC2",
    ],
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
    asks: [
      "show me user 55's profile", "what's Jane's email and name in the portal", "details for one login",
      "look up the user record for tom", "pull up this person's user info",
      "what email is on file for the login 'jsmith'?", "who is user 203?",
      "open the portal user profile for the bakery owner", "what's the name and email on login 77",
      "profile for the gym owner's portal account", "tell me about user jdoe",
      "I need the contact email for a specific person who logs into our dashboard", "info on one registered person",
      "which email is user 412 signed up with?", "look up user 42", "pull up the profile for user 231",
      "look up the dashboard user record for sam@northwindmedia.com", "show user 58's profile details",
    ],
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
    asks: [
      "which accounts does Jane belong to?", "what clients does user 55 have access to",
      "show me every account this person is a member of", "is Tom on more than one customer account?",
      "list the organizations a user is linked to", "which client accounts can this contractor see",
      "before I remove him, what accounts is he attached to",
      "which of our clients' accounts is the freelancer attached to", "what customers can Maria see",
      "user 77 memberships", "our ex-contractor, which client orgs does he still belong to?",
      "is Sam tied to the dental client or just the gym?", "how many customer orgs does this login have access to",
      "audit: which client records is this staffer connected to", "which customers can kim access",
      "what clients can Jenna Park get into?", "which client accounts does Priya have access to?",
      "what accounts is user 204 linked to, she says she can only see one of her companies",
    ],
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
    asks: [
      "create a login for jane@bakery.com",
      "make a new portal user for our new hire and put them on the Acme account",
      "add a user: login jsmith, John Smith",
      "set up CaptainCore access for the client's owner and send them a welcome email",
      "make Tom Baker a portal login so he can manage his sites", "register a staff member in the dashboard",
      "create user and attach to accounts 12 and 14", "give our VA their own login",
      "new portal login for maria@bluebirdflorist.com, Maria Lopez",
      "our new hire starts Monday, give him a dashboard account on the gym and dental clients",
      "the client wants to see her sites herself, make her an account with a welcome email",
      "add someone to the system: username sdavis, Sam Davis", "register a fresh login and tie it to client 31",
      "can you create a user for the new office manager so she gets the welcome email",
      "create a login for our new support hire, kim@ouragency.com",
      "create a login for our new developer priya@brightpixel.co",
      "create a dashboard login for our new hire Ravi Shah, ravi@brightoakdigital.com",
      "create a login for our new VA, sam@northpeakdigital.com",
      "add a new user for the client's office manager Linda",
    ],
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
    asks: [
      "change Jane's email address on her portal login", "fix the spelling of Tom's last name",
      "update user 55's accounts list", "the client changed her name after getting married, update her user",
      "Tom got a new work email, change it on his login", "move this user off the Acme account and onto Maple Yoga",
      "correct the first name on user 203", "set this person's accounts to just bakery and riverside",
      "Maria's surname is now Chen, update her profile", "user 77 should only be on the florist org now",
      "switch the contact email for login sdavis", "edit someone's name on their portal login",
      "add the gym client to Sam's list of orgs without dropping the others",
      "the owner's email bounced, she gave us a new one, put it on her login",
      "change kim's email address on her captaincore login", "change Priya's email to priya.s@brightpixel.co",
      "change Mark's email on his user account, he left gmail", "fix the misspelled name on user 88",
    ],
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
