/**
 * Simulated CaptainCore routes for the accounts toolset: accounts, members and levels, invites, portal users.
 * Real shapes (string ids from DB rows, bare scalars), real gates (full-billing for management, [] or 403 [] for
 * non-admins) and stored metrics that only GET /accounts/{id} recalculates.
 */
import { randomBytes } from "node:crypto";
import { requireAccount } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { accountUsage, s } from "../shapes.js";
import { accountLevel, isAdmin, type Level, type SimAccount, type SimState, type SimUser } from "../state.js";

const LEVELS: Level[] = ["full-billing", "full", "sites-only", "domains-only"];
const INVITE_TTL_DAYS = 14;
const NOW = () => new Date().toISOString().slice(0, 19).replace("T", " ");

export interface SimInvite {
  invite_id: number;
  account_id: number;
  email: string;
  token: string;
  level: Level;
  created_at: string;
  updated_at: string;
  accepted_at: string;
}

interface Metrics {
  sites: number;
  users: number;
  domains: number;
  outstanding_invoices: number;
}

function secrets(state: SimState): string[] {
  return state.ext<string[]>("secrets", () => []);
}

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 19).replace("T", " ");
}

export function invites(state: SimState): SimInvite[] {
  return state.ext<SimInvite[]>("invites", () => {
    const seed: SimInvite[] = [
      { invite_id: 1, account_id: 1, email: "new.dev@acme.test", token: hexToken(1), level: "full", created_at: daysAgo(2), updated_at: daysAgo(2), accepted_at: "0000-00-00 00:00:00" },
      { invite_id: 2, account_id: 2, email: "intern@bluebird.media", token: hexToken(2), level: "sites-only", created_at: daysAgo(3), updated_at: daysAgo(3), accepted_at: "0000-00-00 00:00:00" },
      { invite_id: 3, account_id: 1, email: "old@acme.test", token: hexToken(3), level: "full", created_at: daysAgo(30), updated_at: daysAgo(30), accepted_at: "0000-00-00 00:00:00" },
    ];
    secrets(state).push(...seed.map((i) => i.token));
    return seed;
  });
}

function hexToken(seed?: number): string {
  if (seed === undefined) return randomBytes(24).toString("hex");
  let out = "";
  let x = seed * 2654435761;
  while (out.length < 48) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += x.toString(16).padStart(8, "0");
  }
  return out.slice(0, 48);
}

/** Display names set through PUT /users/{id}; default "First Last". */
function displayNames(state: SimState): Map<number, string> {
  return state.ext("display_names", () => new Map<number, string>());
}

export function setDisplayName(state: SimState, userId: number, name: string): void {
  displayNames(state).set(userId, name);
}

export function displayName(state: SimState, u: SimUser): string {
  return displayNames(state).get(u.user_id) ?? `${u.first_name} ${u.last_name}`.trim();
}

function computeMetrics(state: SimState, accountId: number): Metrics {
  return {
    sites: state.sites.filter((x) => x.account_id === accountId && x.status === "active").length,
    users: state.users.filter((u) => u.accounts.some((a) => a.account_id === accountId)).length,
    domains: state.domains.filter((d) => d.account_ids.includes(accountId)).length,
    outstanding_invoices: 0,
  };
}

/** Stored metrics (what GET /accounts shows); GET /accounts/{id} recalculates them. */
function storedMetrics(state: SimState): Map<number, Metrics> {
  return state.ext("account_metrics", () => new Map(state.accounts.map((a) => [a.account_id, computeMetrics(state, a.account_id)])));
}

function metricsOf(state: SimState, accountId: number): Metrics {
  const map = storedMetrics(state);
  if (!map.has(accountId)) map.set(accountId, computeMetrics(state, accountId));
  return map.get(accountId)!;
}

function planOf(state: SimState, account: SimAccount): Record<string, unknown> {
  const base = { name: "", addons: [], charges: [], credits: [], limits: { storage: 0, visits: 0, sites: 0 }, interval: "12" };
  return { usage: accountUsage(state, account.account_id), ...base, ...(account.plan || {}), billing_user_id: account.billing_user_id };
}

function listRow(state: SimState, a: SimAccount) {
  return {
    account_id: s(a.account_id),
    billing_user_id: a.billing_user_id,
    name: a.name,
    defaults: a.defaults,
    metrics: metricsOf(state, a.account_id),
    plan_name: (a.plan && (a.plan.name as string)) || "",
    filtered: true,
  };
}

function members(state: SimState, account: SimAccount) {
  const id = account.account_id;
  return state.users
    .filter((u) => u.user_id === account.billing_user_id || u.accounts.some((a) => a.account_id === id))
    .map((u) => ({ user_id: u.user_id, name: displayName(state, u), email: u.email, level: accountLevel(state, u, id) ?? "full" }));
}

/** The GET /accounts/{id} shape, sections gated by the caller's level (unknown level → the "full" tier). */
function accountView(state: SimState, account: SimAccount, level: Level | false, admin: boolean, accountIdEcho: number | string) {
  const id = account.account_id;
  const tier: Level = admin ? "full-billing" : level || "full";
  const sees = {
    sites: ["full-billing", "full", "sites-only"].includes(tier),
    domains: ["full-billing", "full", "domains-only"].includes(tier),
    people: ["full-billing", "full"].includes(tier),
  };
  const sites = state.sites.filter((x) => x.account_id === id && x.status === "active");
  const view: Record<string, unknown> = {
    account: { account_id: accountIdEcho, name: account.name, plan: planOf(state, account), metrics: metricsOf(state, id), defaults: account.defaults },
    level,
    owner: admin || level === "full-billing",
    timeline: sees.people
      ? [
          {
            process_log_id: String(80 + id),
            process_id: "3",
            user_id: "1",
            description: "<p>Updated plugins</p>",
            description_raw: "Updated plugins",
            public: "1",
            status: "completed",
            created_at: 1767225600,
            name: "Maintenance",
            author: "Ada Admin",
            author_avatar: "https://www.gravatar.com/avatar/00",
            websites: sites.slice(0, 1).map((x) => ({ process_log_id: String(80 + id), site_id: s(x.site_id), name: x.name })),
          },
        ]
      : [],
    users: sees.people ? members(state, account) : [],
    invites: sees.people
      ? invites(state)
          .filter((i) => i.account_id === id && i.accepted_at.startsWith("0000"))
          .map((i) => ({ ...i, invite_id: s(i.invite_id), account_id: s(i.account_id) }))
      : [],
    domains: sees.domains ? state.domains.filter((d) => d.account_ids.includes(id)).map((d) => ({ domain_id: s(d.domain_id), name: d.name })) : [],
    sites: sees.sites ? sites.map((x) => ({ site_id: s(x.site_id), name: x.name, visits: String(x.visits), storage: x.storage })) : [],
    usage_breakdown: {
      sites: sees.sites ? sites.map((x) => ({ site_id: s(x.site_id), name: x.name, storage: Number(x.storage), visits: x.visits })) : [],
      maintenance_sites: [],
      total: [
        `1% storage<br /><strong>${(sites.reduce((n, x) => n + Number(x.storage), 0) / 1e9).toFixed(1)}GB/50GB</strong>`,
        `2% traffic<br /><strong>${sites.reduce((n, x) => n + x.visits, 0).toLocaleString("en-US")}</strong> <small>Yearly Estimate</small>`,
      ],
    },
  };
  if (admin || level === "full-billing") {
    view.invoices = id === 1 ? [{ order_id: 1001, name: "Clara Client", date: "November 15, 2026", status: "Completed", total: "150.00" }] : [];
  }
  return view;
}

/** Admins or the account's full-billing members (the real checks for rename, invites delete, users, levels). */
function requireOwner(req: SimRequest, account: SimAccount): void {
  if (isAdmin(req.user) || accountLevel(req.state, req.user, account.account_id) === "full-billing") return;
  throw new WpError("permission_denied", "Permission denied.", 403);
}

function userById(state: SimState, value: unknown): SimUser | undefined {
  return state.users.find((u) => u.user_id === Number(value));
}

function validInvite(state: SimState, accountId: number, token: unknown): SimInvite | undefined {
  const cutoff = Date.now() - INVITE_TTL_DAYS * 86_400_000;
  return invites(state).find(
    (i) =>
      i.account_id === accountId &&
      i.token === String(token) &&
      i.accepted_at.startsWith("0000") &&
      new Date(`${i.created_at.replace(" ", "T")}Z`).getTime() >= cutoff,
  );
}

function userRow(state: SimState, u: SimUser) {
  return {
    user_id: u.user_id,
    name: displayName(state, u),
    first_name: u.first_name,
    last_name: u.last_name,
    email: u.email,
    username: u.username,
    roles: u.roles,
    created_at: u.created_at,
    account_ids: u.accounts.map((a) => a.account_id),
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function register(router: Router): void {
  router.get("/accounts", "login", (req) => {
    const visible = isAdmin(req.user)
      ? req.state.accounts
      : req.state.accounts.filter((a) => accountLevel(req.state, req.user, a.account_id) !== undefined);
    return [...visible].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((a) => listRow(req.state, a));
  });

  // Any logged-in user may create an account; non-admin creators join it with level full. Bare integer id.
  router.post("/accounts", "login", (req) => {
    const name = String(req.param("name") ?? "").trim();
    const account_id = req.state.nextId("accounts");
    req.state.accounts.push({
      account_id,
      name,
      billing_user_id: 0,
      plan: "",
      defaults: { email: "", timezone: "", recipes: [], users: [] },
      created_at: NOW(),
    });
    if (!isAdmin(req.user)) req.user.accounts.push({ account_id, level: "full" });
    storedMetrics(req.state).set(account_id, computeMetrics(req.state, account_id));
    return account_id;
  });

  // A state-changing GET: recalculates the stored metrics.
  router.get("/accounts/{account_id}", "login", (req) => {
    const account = requireAccount(req);
    storedMetrics(req.state).set(account.account_id, computeMetrics(req.state, account.account_id));
    const level = isAdmin(req.user) ? (accountLevel(req.state, req.user, account.account_id) ?? "full-billing") : accountLevel(req.state, req.user, account.account_id)!;
    return accountView(req.state, account, level, isAdmin(req.user), account.account_id);
  });

  router.put("/accounts/{account_id}", "login", (req) => {
    const account = requireAccount(req);
    requireOwner(req, account);
    const body = (req.param("account") ?? {}) as Record<string, unknown>;
    account.name = String(body.name ?? "");
    account.billing_user_id = Number(body.billing_user_id ?? 0) || 0;
    return body;
  });

  router.delete("/accounts/{account_id}", "admin", (req) => {
    const id = Number(req.params.account_id);
    const index = req.state.accounts.findIndex((a) => a.account_id === id);
    if (index >= 0) req.state.accounts.splice(index, 1);
    for (const u of req.state.users) u.accounts = u.accounts.filter((a) => a.account_id !== id);
    storedMetrics(req.state).delete(id);
    return { success: true };
  });

  router.put("/accounts/{account_id}/defaults", "login", (req) => {
    const account = requireAccount(req);
    const d = (req.param("defaults") ?? {}) as Record<string, unknown>;
    account.defaults = {
      email: String(d.email ?? ""),
      timezone: String(d.timezone ?? ""),
      recipes: Array.isArray(d.recipes) ? d.recipes : [],
      users: Array.isArray(d.users) ? d.users : [],
    };
    return "Record updated.";
  });

  router.put("/accounts/{account_id}/plan", "admin", (req) => {
    const account = requireAccount(req);
    const p = (req.param("plan") ?? {}) as Record<string, unknown>;
    const fields = ["name", "price", "interval", "billing_mode", "addons", "credits", "charges", "limits", "auto_pay", "auto_switch", "next_renewal", "billing_user_id", "additional_emails"];
    const plan: Record<string, unknown> = {};
    for (const f of fields) plan[f] = p[f] ?? "";
    plan.status = p.status || "pending";
    account.plan = plan;
    return { success: true };
  });

  router.post("/accounts/{account_id}/invites", "login", (req) => {
    const account = requireAccount(req);
    const mine = accountLevel(req.state, req.user, account.account_id);
    if (!isAdmin(req.user) && mine !== "full-billing" && mine !== "full") throw new WpError("permission_denied", "Permission denied.", 403);
    const email = String(req.param("invite") ?? "").trim();
    const requested = String(req.param("level") ?? "");
    const level: Level = (["full", "sites-only", "domains-only"] as Level[]).includes(requested as Level) ? (requested as Level) : "full";
    const existing = req.state.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (existing) {
      if (!existing.accounts.some((a) => a.account_id === account.account_id)) existing.accounts.push({ account_id: account.account_id, level });
      return { message: "Account already exists. Access granted and notification sent." };
    }
    const token = hexToken();
    secrets(req.state).push(token);
    invites(req.state).push({
      invite_id: req.state.nextId("invites"),
      account_id: account.account_id,
      email,
      token,
      level,
      created_at: NOW(),
      updated_at: NOW(),
      accepted_at: "0000-00-00 00:00:00",
    });
    return { message: "Invite has been sent." };
  });

  // Silently does nothing for an invite of another account or an unknown id.
  router.delete("/accounts/{account_id}/invites/{invite_id}", "login", (req) => {
    const account = requireAccount(req);
    requireOwner(req, account);
    const list = invites(req.state);
    const index = list.findIndex((i) => i.invite_id === Number(req.params.invite_id) && i.account_id === account.account_id);
    if (index >= 0) list.splice(index, 1);
    return "Invite deleted.";
  });

  router.delete("/accounts/{account_id}/users/{user_id}", "login", (req) => {
    const account = requireAccount(req);
    requireOwner(req, account);
    const target = Number(req.params.user_id);
    if (account.billing_user_id === target) {
      throw new WpError("permission_denied", "Cannot remove the billing owner. Transfer billing ownership first.", 403);
    }
    const user = userById(req.state, target);
    if (user) user.accounts = user.accounts.filter((a) => a.account_id !== account.account_id);
    return { success: true };
  });

  router.put("/accounts/{account_id}/users/{user_id}/level", "login", (req) => {
    const account = requireAccount(req);
    requireOwner(req, account);
    const level = String(req.param("level") ?? "") as Level;
    if (!LEVELS.includes(level)) throw new WpError("invalid_level", "Invalid level.", 400);
    const target = Number(req.params.user_id);
    if (!isAdmin(req.user) && target === req.user.user_id) throw new WpError("permission_denied", "You cannot change your own level.", 403);
    if (account.billing_user_id === target) {
      throw new WpError("permission_denied", "Cannot change the level of the billing owner. Transfer billing ownership first.", 403);
    }
    const user = userById(req.state, target);
    const membership = user?.accounts.find((a) => a.account_id === account.account_id);
    if (!user || !membership) throw new WpError("not_found", "User is not a member of this account.", 404);
    if (level === "full-billing") {
      const old = req.state.users.find((u) => u.user_id === account.billing_user_id);
      const oldMembership = old?.accounts.find((a) => a.account_id === account.account_id);
      if (oldMembership) oldMembership.level = "full";
      for (const u of req.state.users) {
        for (const a of u.accounts) if (a.account_id === account.account_id && a.level === "full-billing" && u !== user) a.level = "full";
      }
      account.billing_user_id = user.user_id;
      if (account.plan) account.plan = { ...account.plan, billing_user_id: user.user_id };
    }
    membership.level = level;
    return { success: true, level };
  });

  router.get("/invites", "login", (req) => {
    const account = req.param("account");
    const token = req.param("token");
    if (!account || !token) throw new WpError("missing_params", "Missing account or token.", 400);
    const invite = validInvite(req.state, Number(account), token);
    const target = req.state.accounts.find((a) => a.account_id === Number(account));
    if (!invite || !target) throw new WpError("not_found", "Invite not found or expired.", 404);
    const level = accountLevel(req.state, req.user, target.account_id) ?? false;
    const view = accountView(req.state, target, level, isAdmin(req.user), String(account));
    if (!isAdmin(req.user)) delete view.invoices;
    return view;
  });

  router.post("/invites/accept", "login", (req) => {
    const invite = validInvite(req.state, Number(req.param("account")), req.param("token"));
    if (!invite) throw new WpError("not_found", "Invite not found.", 404);
    if (!req.user.accounts.some((a) => a.account_id === invite.account_id)) {
      req.user.accounts.push({ account_id: invite.account_id, level: invite.level });
    }
    invite.accepted_at = NOW();
    return { success: true };
  });

  // Admin data emptied for everyone else (HTTP 200).
  router.get("/users", "login", (req) => (isAdmin(req.user) ? req.state.users.map((u) => userRow(req.state, u)) : []));

  router.post("/users", "admin", (req) => {
    const login = String(req.param("login") ?? "").trim();
    const email = String(req.param("email") ?? "").trim();
    const errors: string[] = [];
    if (!login) errors.push("Username name can't be empty.");
    else if (req.state.users.some((u) => u.username.toLowerCase() === login.toLowerCase())) errors.push("Username is taken.");
    if (!EMAIL.test(email)) errors.push("Email address is not valid.");
    else if (req.state.users.some((u) => u.email.toLowerCase() === email.toLowerCase())) errors.push("Email address is taken.");
    if (errors.length) return { errors };
    const accountIds = Array.isArray(req.param("account_ids")) ? (req.param("account_ids") as unknown[]).map(Number) : [];
    req.state.users.push({
      user_id: req.state.nextId("users"),
      username: login,
      email,
      first_name: String(req.param("first_name") ?? ""),
      last_name: String(req.param("last_name") ?? ""),
      roles: ["subscriber"],
      app_password: randomBytes(12).toString("hex"),
      tfa_enabled: false,
      created_at: NOW(),
      accounts: accountIds.filter((id) => req.state.accounts.some((a) => a.account_id === id)).map((account_id) => ({ account_id, level: "full" as Level })),
    });
    return {};
  });

  router.get("/users/{user_id}", "admin", (req) => {
    const u = userById(req.state, req.params.user_id);
    if (!u) return { user_id: req.params.user_id, account_ids: [], username: "", email: "", name: "Unknown User" };
    return {
      user_id: req.params.user_id,
      account_ids: u.accounts.map((a) => s(a.account_id)),
      username: u.username,
      first_name: u.first_name,
      last_name: u.last_name,
      email: u.email,
      name: displayName(req.state, u),
      roles: u.roles,
      created_at: u.created_at,
    };
  });

  // The path id is ignored: the body's user_id selects the user. Echoes the body, with errors when invalid.
  router.put("/users/{user_id}", "admin", (req) => {
    const body = req.body;
    const errors: string[] = [];
    if (!String(body.name ?? "").trim()) errors.push("Name can't be empty.");
    if (!EMAIL.test(String(body.email ?? ""))) errors.push("Email address is not valid.");
    const user = userById(req.state, body.user_id);
    if (errors.length) return { ...body, errors };
    if (user) {
      user.email = String(body.email);
      if (body.first_name !== undefined) user.first_name = String(body.first_name);
      if (body.last_name !== undefined) user.last_name = String(body.last_name);
      displayNames(req.state).set(user.user_id, String(body.name));
      const wanted = Array.isArray(body.account_ids) ? body.account_ids.map(Number) : [];
      user.accounts = wanted
        .filter((id) => req.state.accounts.some((a) => a.account_id === id))
        .map((account_id) => user.accounts.find((a) => a.account_id === account_id) ?? { account_id, level: "full" as Level });
    }
    return body;
  });

  // Non-admins get HTTP 403 with the body [] (not a WP_Error).
  router.get("/users/{user_id}/accounts", "login", (req) => {
    if (!isAdmin(req.user)) return new RawAnswer(403, "[]", { "content-type": "application/json; charset=UTF-8" });
    const id = Number(req.params.user_id);
    if (!id) throw new WpError("no_user_id", "No user id.", 404);
    return (userById(req.state, id)?.accounts ?? []).map((a) => s(a.account_id));
  });
}
