/**
 * Global configuration, global defaults for new sites, and the SSH keys CaptainCore connects with. Admin data:
 * the API answers [] to others for /defaults and /keys. Private keys go in, never come back.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { Detail, id, nonEmpty } from "../operations/schemas.js";
import { dropEmpty } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { DefaultsInput, mergeDefaults, type Row } from "./shared.js";

const KeyId = id();
const PrivateKey = z
  .string()
  .max(20_000)
  .refine((v) => /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(v), "must be a PEM or OpenSSH private key")
  .describe("Private key text");
const Configurations = z.record(z.string().max(100), z.unknown()).describe("e.g. {\"name\":\"Acme\"}");

const BRANDING = ["colors", "logo", "logo_width", "logo_only", "intercom_embed_id"];
const ADMIN_ONLY = "Administrators only: CaptainCore answers other users with an empty list.";

function compactConfig(data: unknown, detail: "summary" | "full" = "summary"): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  if (detail === "full") return data;
  const out: Row = { ...(data as Row) };
  for (const k of BRANDING) delete out[k];
  return dropEmpty(out);
}

function keyRow(k: unknown): Row {
  const r = (k ?? {}) as Row;
  return {
    key_id: toId(r.key_id),
    title: r.title,
    fingerprint: r.fingerprint,
    primary: String(r.main) === "1",
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export const operations = [
  defineOperation({
    name: "get_configurations",
    toolset: "config",
    method: "GET",
    path: "/configurations",
    summary: "Get the global configuration: plans, pricing, DNS settings",
    words: "global configuration settings plans pricing dns settings branding",
    description: "Branding is left out unless detail=full.",
    input: { detail: Detail },
    effect: "read",
    render: (data, args) => compactConfig(data, args.detail),
  }),
  defineOperation({
    name: "update_configurations",
    toolset: "config",
    method: "POST",
    path: "/configurations",
    summary: "Change global configuration keys (admin)",
    words: "change global configuration settings",
    description: "Returns the saved configuration.",
    input: { configurations: Configurations },
    effect: "write",
    idempotent: true,
    render: (data) => ({ updated: true, configuration: compactConfig(data) }),
  }),
  defineOperation({
    name: "save_configurations",
    toolset: "config",
    method: "PUT",
    path: "/configurations/global",
    summary: "Change global configuration keys and sync them to the CLI (admin)",
    words: "save global configuration sync cli",
    input: { configurations: Configurations },
    effect: "write",
    idempotent: true,
    // The API stores the body as the WHOLE configuration: merge into the current one first.
    run: async (args, ctx) => {
      const current = await ctx.call({ method: "GET", path: "/configurations" });
      const base = current && typeof current === "object" && !Array.isArray(current) ? (current as Row) : {};
      await ctx.call({ body: { ...base, ...args.configurations } });
      return { updated: true, keys: Object.keys(args.configurations) };
    },
  }),
  defineOperation({
    name: "get_defaults",
    toolset: "config",
    method: "GET",
    path: "/defaults",
    summary: "Get global defaults for new sites: email, timezone, recipes, users",
    words: "global defaults for new sites default users plugins timezone email",
    input: {},
    effect: "read",
    render: (data) =>
      Array.isArray(data) ? { defaults: null, note: ADMIN_ONLY } : data,
  }),
  defineOperation({
    name: "set_global_defaults",
    toolset: "config",
    method: "PUT",
    path: "/defaults/global",
    summary: "Change global defaults for new sites (admin)",
    words: "change global defaults for new sites default users plugins settings added to every new site",
    input: { ...DefaultsInput },
    effect: "write",
    idempotent: true,
    // The API replaces the whole object: start from the current defaults.
    run: async (args, ctx) => {
      const defaults = mergeDefaults(await ctx.call({ method: "GET", path: "/defaults" }), args);
      await ctx.call({ body: defaults });
      return { updated: true, defaults };
    },
  }),
  defineOperation({
    name: "list_ssh_keys",
    toolset: "config",
    method: "GET",
    path: "/keys",
    summary: "List the SSH keys CaptainCore connects to sites with (admin)",
    words: "ssh keys",
    input: {},
    effect: "read",
    render: (data) => {
      const keys = asArray(data).map(keyRow);
      return keys.length ? { keys, total: keys.length } : { keys, total: 0, note: ADMIN_ONLY };
    },
  }),
  defineOperation({
    name: "add_ssh_key",
    toolset: "config",
    method: "POST",
    path: "/keys",
    summary: "Add an SSH private key (admin); returns its fingerprint",
    words: "add ssh key private key",
    input: { title: nonEmpty("", 100), key: PrivateKey },
    effect: "write",
    render: keyRow,
  }),
  defineOperation({
    name: "update_ssh_key",
    toolset: "config",
    method: "PUT",
    path: "/keys/{key_id}",
    summary: "Rename an SSH key or replace its private key (admin)",
    words: "rename replace ssh key",
    input: { key_id: KeyId, title: nonEmpty("", 100), key: PrivateKey.optional() },
    effect: "write",
    idempotent: true,
    render: (data, args) => {
      if (data === null) throw new CaptainCoreError("not_found", `No SSH key ${args.key_id}; see list_ssh_keys`);
      return keyRow(data);
    },
  }),
  defineOperation({
    name: "set_primary_ssh_key",
    toolset: "config",
    method: "PUT",
    path: "/keys/{key_id}/primary",
    summary: "Make an SSH key the default for connecting to sites (admin)",
    words: "default ssh key main key",
    input: { key_id: KeyId },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ primary: true, key_id: args.key_id }),
  }),
  defineOperation({
    name: "delete_ssh_key",
    toolset: "config",
    method: "DELETE",
    path: "/keys/{key_id}",
    summary: "Delete an SSH key (admin)",
    words: "delete ssh key remove key",
    input: { key_id: KeyId },
    effect: "destructive",
    confirmText: "Sites that only accept this key can no longer be reached.",
    render: (_data, args) => ({ deleted: true, key_id: args.key_id }),
  }),
];
