/**
 * Secrets never reach the model by default. Key-based redaction of API answers (SFTP and database passwords,
 * offload keys, environment tokens, provider credentials, application passwords, TFA secrets), plus a value scrub:
 * every secret value found is also removed wherever else it appears in the same answer (a DSN, an ssh line…).
 */

import { maskUrlCredentials, REDACTED } from "./secrets.js";

export { REDACTED };

/**
 * Secret key names after normalisation (see normaliseKey): the whole name or its last words. `token` and `key` alone
 * are secrets only on some rows (below); a job's token is the handle the agent needs.
 */
const SECRET_NAME =
  /(^|_)(password|passwd|pass|pwd|pw|passphrase|passcode|secret|secret_key|private_key|privkey|ssh_key|ssh_private_key|api_key|apikey|api_secret|api_token|access_key|access_token|refresh_token|session_token|session_key|auth_token|bearer_token|id_token|client_secret|credential|tfa_secret|totp|totp_secret|otp_secret|recovery_code|backup_code|license_key|cli_token|app_password|application_password|stats_password|salt|nonce|auth_key|logged_in_key|secure_auth_key)$/;

/** dbPassword, db-password, "DB Password", db_passwords → db_password: one spelling per name. */
export function normaliseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/([^s])s$/, "$1");
}

/** `token` is a secret on environment rows; on job answers it is the handle the agent needs. */
const ENVIRONMENT_HINTS = ["environment_id", "address", "home_directory", "database_username"];

/** Key names repeat across thousands of rows: classify each name once. */
const secretKeyCache = new Map<string, boolean>();

function isSecretKeyName(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = SECRET_NAME.test(normaliseKey(key));
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, secret);
  }
  return secret;
}

function isSecretKey(key: string, parent: Record<string, unknown>): boolean {
  if (isSecretKeyName(key)) return true;
  if (key === "token" || key === "key") {
    return ENVIRONMENT_HINTS.some((hint) => hint in parent) || ("provider" in parent && key === "key");
  }
  return false;
}

/** Values too short or too common to scrub as text without mangling the answer. */
function scrubbable(value: string): boolean {
  return value.length >= 6 && !/^(true|false|null|none|enabled|disabled)$/i.test(value);
}

/**
 * `inPlace` rewrites the value itself instead of copying it: for answers parsed fresh for this call, where a copy of
 * a large fleet answer (several MB of objects) would only raise the peak memory.
 */
export function redactSecrets<T>(value: T, opts: { inPlace?: boolean } = {}): T {
  const found = new Set<string>();
  const inPlace = opts.inPlace === true;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (!inPlace) return v.map(walk);
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (v && typeof v === "object") {
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = inPlace ? obj : {};
      for (const k in obj) {
        const child = obj[k];
        if (isSecretKey(k, obj) && child !== null && child !== "" && child !== undefined && typeof child !== "boolean") {
          if (typeof child === "string" && scrubbable(child)) found.add(child);
          if (child && typeof child === "object") collectStrings(child, found);
          out[k] = REDACTED;
        } else {
          out[k] = walk(child);
        }
      }
      return out;
    }
    return typeof v === "string" ? maskUrlCredentials(v) : v;
  };
  const redacted = walk(value);
  return found.size ? (scrubValues(redacted, [...found], inPlace) as T) : (redacted as T);
}

/** The values under secret keys of an answer, left in place: to scrub wherever a handler moves them. */
export function secretValuesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) secretValuesIn(v, into);
  } else if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      if (isSecretKey(k, obj)) collectStrings(obj[k], into);
      else secretValuesIn(obj[k], into);
    }
  }
  return into;
}

function collectStrings(v: unknown, into: Set<string>): void {
  if (typeof v === "string") {
    if (scrubbable(v)) into.add(v);
  } else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, into));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => collectStrings(x, into));
}

export function scrubValues(value: unknown, secrets: readonly string[], inPlace = false): unknown {
  if (secrets.length === 0) return value;
  const scrub = (s: string) => {
    let out = s;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) {
      if (!inPlace) return v.map(walk);
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (v && typeof v === "object") {
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = inPlace ? obj : {};
      for (const k in obj) out[k] = walk(obj[k]);
      return out;
    }
    return v;
  };
  return walk(value);
}
