/**
 * Simulated CaptainCore routes for the config toolset: global configurations (intercom_secret_key only for
 * admins), global defaults ([] for non-admins), and SSH keys ([] for non-admins; private keys stored, never
 * returned, and listed as secrets for the leak scanners).
 */
import { createHash } from "node:crypto";
import { WpError, type Router } from "../router.js";
import { isAdmin, type SimState } from "../state.js";

const NOW = () => new Date().toISOString().slice(0, 19).replace("T", " ");
const secrets = (state: SimState) => state.ext<string[]>("secrets", () => []);

export interface SimKey {
  key_id: number;
  user_id: number;
  title: string;
  fingerprint: string;
  main: string;
  created_at: string;
  updated_at: string;
  /** The private key: stored for the CLI, never answered. */
  key: string;
}

type Obj = Record<string, unknown>;

export function configurations(state: SimState): { value: Obj } {
  return state.ext("configurations", () => {
    const intercom = "ick_live_7f3a9c2e5b8d1f4a6c0e";
    secrets(state).push(intercom);
    return {
      value: {
        name: "CaptainCore",
        path: "/account/",
        mode: "hosting",
        logo: "/wp-content/plugins/captaincore-manager/public/logo.webp",
        logo_width: "32",
        logo_only: false,
        colors: { primary: "#2c3e50", secondary: "#424242", accent: "#82B1FF", error: "#FF5252", info: "#2196F3", success: "#4CAF50", warning: "#FFC107" },
        remote_upload_uri: false,
        scheduled_tasks: [],
        woocommerce: { hosting_plan: "", addons: "", usage: "" },
        hosting_plans: [
          { name: "Basic", interval: "12", price: "120", limits: { storage: "10", visits: "100000", sites: "1" } },
          { name: "Agency Pro", interval: "1", price: "150", limits: { storage: "50", visits: "500000", sites: "10" } },
        ],
        usage_pricing: { sites: { quantity: "1", cost: "12.5" }, storage: { quantity: "10", cost: "10" }, traffic: { quantity: "1000000", cost: "100" } },
        maintenance_pricing: { interval: "1", cost: "2" },
        intercom_embed_id: "",
        intercom_secret_key: intercom,
        dns_nameservers: "ns1.example-dns.test\nns2.example-dns.test",
        default_key: "1",
      } as Obj,
    };
  });
}

export function globalDefaults(state: SimState): { value: Obj } {
  return state.ext("global_defaults", () => ({
    value: {
      email: "ops@example.test",
      timezone: "America/New_York",
      recipes: [3, 7],
      users: [{ email: "dev@example.test", username: "dev", first_name: "Dev", last_name: "Ops", role: "administrator" }],
    } as Obj,
  }));
}

export function fingerprint(key: string): string {
  return `SHA256:${createHash("sha256").update(key.trim()).digest("base64").replace(/=+$/, "")}`;
}

function fakePrivateKey(seed: string): string {
  const body = createHash("sha512").update(seed).digest("base64");
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n${body.split("").reverse().join("")}\n-----END OPENSSH PRIVATE KEY-----`;
}

export function sshKeys(state: SimState): SimKey[] {
  return state.ext("ssh_keys", () => {
    const seed = [
      ["Fleet deploy key", "1"],
      ["Legacy host key", "0"],
    ].map(([title, main], i) => {
      const key = fakePrivateKey(`sim-key-${i}`);
      secrets(state).push(key, key.split("\n")[1]!);
      return { key_id: i + 1, user_id: 1, title: title!, fingerprint: fingerprint(key), main: main!, created_at: "2026-01-05 10:00:00", updated_at: "2026-01-05 10:00:00", key };
    });
    return seed;
  });
}

function keyRow(k: SimKey) {
  return { key_id: String(k.key_id), user_id: String(k.user_id), title: k.title, fingerprint: k.fingerprint, main: k.main, created_at: k.created_at, updated_at: k.updated_at };
}

function registerPrivateKey(state: SimState, key: string): void {
  secrets(state).push(key);
  for (const line of key.split("\n")) if (line.length >= 20 && !line.startsWith("-----")) secrets(state).push(line);
}

export function register(router: Router): void {
  router.get("/configurations", "login", (req) => {
    const { intercom_secret_key, ...rest } = configurations(req.state).value;
    return isAdmin(req.user) ? { ...rest, intercom_secret_key } : rest;
  });

  // Merges the given keys; answers with the saved configuration.
  router.post("/configurations", "admin", (req) => {
    const patch = req.param("configurations");
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) {
      throw new WpError("missing_configurations", "Missing configurations.", 400);
    }
    const store = configurations(req.state);
    store.value = { ...store.value, ...(patch as Obj) };
    return store.value;
  });

  // The whole JSON body becomes the configuration. Bare string.
  router.put("/configurations/global", "admin", (req) => {
    configurations(req.state).value = { ...req.body };
    return "Global configurations updated.";
  });

  router.get("/defaults", "login", (req) => (isAdmin(req.user) ? globalDefaults(req.state).value : []));

  router.put("/defaults/global", "admin", (req) => {
    globalDefaults(req.state).value = { ...req.body };
    return "Global defaults updated.";
  });

  router.get("/keys", "login", (req) =>
    isAdmin(req.user) ? [...sshKeys(req.state)].sort((a, b) => a.title.localeCompare(b.title)).map(keyRow) : [],
  );

  router.post("/keys", "admin", (req) => {
    const title = String(req.param("title") ?? "").trim();
    const key = String(req.param("key") ?? "");
    if (!title || !key) throw new WpError("missing_params", "title and key are required.", 400);
    const keys = sshKeys(req.state);
    registerPrivateKey(req.state, key);
    const row: SimKey = {
      key_id: req.state.nextId("keys"),
      user_id: req.user.user_id,
      title,
      fingerprint: fingerprint(key),
      main: keys.some((k) => k.user_id === req.user.user_id) ? "0" : "1",
      created_at: NOW(),
      updated_at: NOW(),
      key,
    };
    keys.push(row);
    return keyRow(row);
  });

  // null for an unknown id.
  router.put("/keys/{key_id}", "admin", (req) => {
    const k = sshKeys(req.state).find((x) => x.key_id === Number(req.params.key_id));
    if (!k) return null;
    k.title = String(req.param("title") ?? k.title);
    const key = req.param("key");
    if (typeof key === "string" && key) {
      registerPrivateKey(req.state, key);
      k.key = key;
      k.fingerprint = fingerprint(key);
    }
    k.updated_at = NOW();
    return keyRow(k);
  });

  // Always {success:true}; also writes configurations.default_key.
  router.put("/keys/{key_id}/primary", "admin", (req) => {
    const id = Number(req.params.key_id);
    const keys = sshKeys(req.state);
    if (keys.some((k) => k.key_id === id)) {
      for (const k of keys) k.main = k.key_id === id ? "1" : "0";
      const store = configurations(req.state);
      store.value = { ...store.value, default_key: String(id) };
    }
    return { success: true };
  });

  // Always {deleted:true}.
  router.delete("/keys/{key_id}", "admin", (req) => {
    const keys = sshKeys(req.state);
    const index = keys.findIndex((k) => k.key_id === Number(req.params.key_id));
    if (index >= 0) keys.splice(index, 1);
    return { deleted: true };
  });
}
