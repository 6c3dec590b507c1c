/**
 * Simulated CaptainCore routes for the profile toolset (/me/…): profile, pins, email subscription, the portal's
 * application password ("<Site Name> API" — the one the seeded users log in with, so rotating or deleting it
 * really cuts the caller off), TOTP two-factor with a real RFC 6238 check, and the markdown API docs.
 */
import { createHmac, randomBytes, randomInt } from "node:crypto";
import { RawAnswer, WpError, type Router } from "../router.js";
import type { SimState, SimUser } from "../state.js";
import { setDisplayName } from "./accounts.js";

export const SITE_NAME = "CaptainCore";
const PORTAL_PASSWORD = `${SITE_NAME} API`;

interface AppPassword {
  user_id: number;
  name: string;
  password: string;
  created: number;
}

const secrets = (state: SimState) => state.ext<string[]>("secrets", () => []);

/** Application passwords per user; each seeded user's login password is its portal-managed one. */
export function appPasswords(state: SimState): AppPassword[] {
  return state.ext("app_passwords", () =>
    state.users.map((u) => ({ user_id: u.user_id, name: PORTAL_PASSWORD, password: u.app_password, created: 1767225600 })),
  );
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function newPassword(state: SimState, user: SimUser): AppPassword {
  let password = "";
  for (let i = 0; i < 24; i++) password += ALNUM[randomInt(ALNUM.length)];
  const entry = { user_id: user.user_id, name: PORTAL_PASSWORD, password, created: Math.floor(Date.now() / 1000) };
  appPasswords(state).push(entry);
  secrets(state).push(password);
  return entry;
}

function takePortalPassword(state: SimState, user: SimUser, action: string): AppPassword | RawAnswer {
  const list = appPasswords(state);
  const index = list.findIndex((p) => p.user_id === user.user_id && p.name === PORTAL_PASSWORD);
  if (index < 0) {
    // A plain object with HTTP 400, not a WP_Error.
    return new RawAnswer(400, JSON.stringify({ error: `No application password exists to ${action}.` }), {
      "content-type": "application/json; charset=UTF-8",
    });
  }
  return list.splice(index, 1)[0]!;
}

// ---------- TOTP (RFC 6238, SHA-1, 30 s, 6 digits) ----------

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32Decode(secret: string): Buffer {
  let bits = "";
  for (const c of secret.toUpperCase().replace(/=+$/, "")) {
    const v = BASE32.indexOf(c);
    if (v >= 0) bits += v.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of a base32 secret at a time (ms). Exported for tests. */
export function totp(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

/** Pending (not yet validated) and active TOTP secrets per user. */
function tfaSecrets(state: SimState): Map<number, string> {
  return state.ext("tfa_secrets", () => new Map<number, string>());
}

export function pins(state: SimState): Map<number, unknown> {
  return state.ext("pins", () => new Map<number, unknown>());
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Markdown docs generated from the routes the simulator answers, grouped by first path segment. */
function apiDocs(router: Router, host: string): string {
  const groups = new Map<string, string[]>();
  for (const line of router.list()) {
    const [, path] = line.split(" ");
    const group = path!.split("/")[1] || "root";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(line);
  }
  const out = [
    "# CaptainCore API",
    "",
    `Base URL: https://${host}/wp-json/captaincore/v1`,
    "",
    "## Authentication",
    "",
    "Use an application password over HTTP Basic auth: `curl -u user:app-password https://" + host + "/wp-json/captaincore/v1/sites`.",
    "Non-admin users are automatically scoped to their own accounts and sites.",
    "",
  ];
  for (const [group, lines] of groups) {
    out.push(`## ${group[0]!.toUpperCase()}${group.slice(1)}`, "");
    for (const line of lines) out.push(`### ${line}`, "", `Endpoint of the ${group} group. Returns JSON unless noted.`, "");
  }
  return out.join("\n");
}

export function register(router: Router): void {
  router.get("/me/api-docs", "login", (req) => {
    const md = apiDocs(router, "captaincore.example.test");
    if (req.param("format") === "html") {
      return { html: md.replace(/^### (.*)$/gm, "<h3>$1</h3>").replace(/^## (.*)$/gm, "<h2>$1</h2>").replace(/^# (.*)$/gm, "<h1>$1</h1>") };
    }
    return new RawAnswer(200, md, {
      "content-type": "text/markdown; charset=UTF-8",
      "content-disposition": 'attachment; filename="captaincore-api-docs.md"',
    });
  });

  // Always HTTP 200: {profile} (the body minus new_password) plus errors when invalid; nothing is written then.
  router.put("/me/profile", "login", (req) => {
    const { new_password, ...profile } = req.body;
    const errors: string[] = [];
    if (!String(profile.display_name ?? "").trim()) errors.push("Display name can't be empty.");
    if (!EMAIL.test(String(profile.email ?? ""))) errors.push("Email address is not valid.");
    if (new_password !== undefined && new_password !== "") {
      const p = String(new_password);
      if (p.length < 8) errors.push("Password too short!");
      if (!/\d/.test(p)) errors.push("Password must include at least one number!");
      if (!/[a-z]/i.test(p)) errors.push("Password must include at least one letter!");
    }
    if (errors.length) return { profile, errors };
    req.user.email = String(profile.email);
    setDisplayName(req.state, req.user.user_id, String(profile.display_name));
    return { profile };
  });

  // The body itself must be an array (a JSON object is stored verbatim too).
  router.post("/me/pins", "login", (req) => {
    const body = req.body as unknown;
    if (!Array.isArray(body) && !(body && typeof body === "object" && Object.keys(body).length)) {
      throw new WpError("invalid_data", "Pins must be an array.", 400);
    }
    pins(req.state).set(req.user.user_id, body);
    return { success: true, pins: body };
  });

  router.post("/me/email-subscriber", "login", (req) => {
    const v = req.param("enabled");
    const enabled = v === true || v === "true" || v === 1 || v === "1";
    req.user.roles = req.user.roles.filter((r) => r !== "email_subscriber");
    if (enabled) req.user.roles.push("email_subscriber");
    return {
      success: true,
      message: enabled ? "You will now receive blog post notifications." : "You will no longer receive blog post notifications.",
    };
  });

  // Creates another "<Site Name> API" password each time; the password is only ever shown here.
  router.post("/me/application-password", "login", (req) => {
    const entry = newPassword(req.state, req.user);
    return { password: entry.password, created: entry.created };
  });

  router.post("/me/application-password/rotate", "login", (req) => {
    const old = takePortalPassword(req.state, req.user, "rotate");
    if (old instanceof RawAnswer) return old;
    const entry = newPassword(req.state, req.user);
    if (old.password === req.user.app_password) req.user.app_password = entry.password;
    return { password: entry.password, created: entry.created };
  });

  router.delete("/me/application-password", "login", (req) => {
    const old = takePortalPassword(req.state, req.user, "delete");
    if (old instanceof RawAnswer) return old;
    if (old.password === req.user.app_password) req.user.app_password = `revoked-${randomBytes(16).toString("hex")}`;
    return { success: true };
  });

  // State-changing GET: a new secret each call, not active until /me/tfa_validate accepts a code. Bare string.
  router.get("/me/tfa_activate", "login", (req) => {
    let secret = "";
    for (let i = 0; i < 16; i++) secret += BASE32[randomInt(32)];
    tfaSecrets(req.state).set(req.user.user_id, secret);
    secrets(req.state).push(secret);
    return `otpauth://totp/${encodeURIComponent(SITE_NAME)}:${encodeURIComponent(req.user.email)}?secret=${secret}&issuer=${encodeURIComponent(SITE_NAME)}`;
  });

  // Bare boolean, HTTP 200 either way.
  router.post("/me/tfa_validate", "login", (req) => {
    const secret = tfaSecrets(req.state).get(req.user.user_id);
    const token = String(req.param("token") ?? "");
    const now = Date.now();
    const ok = !!secret && [-30_000, 0, 30_000].some((d) => totp(secret, now + d) === token);
    if (ok) req.user.tfa_enabled = true;
    return ok;
  });

  router.get("/me/tfa_deactivate", "login", (req) => {
    req.user.tfa_enabled = false;
    tfaSecrets(req.state).delete(req.user.user_id);
    return "Deaactivated";
  });
}
