/**
 * Secrets never reach the model by default. Key-based redaction of API answers (SFTP and database passwords,
 * offload keys, environment tokens, provider credentials, application passwords, TFA secrets), plus a value scrub:
 * every secret value found is also removed wherever else it appears in the same answer (a DSN, an ssh line…).
 */

export const REDACTED = "[redacted]";

const SECRET_KEY =
  /(^|_)(password|passwd|pass|secret|secret_key|private_key|api_key|apikey|api_secret|access_key|access_token|auth_token|client_secret|credentials?|tfa_secret|totp_secret|license_key|cli_token|app_password|application_password|stats_password)$/i;

/** `token` is a secret on environment rows; on job answers it is the handle the agent needs. */
const ENVIRONMENT_HINTS = ["environment_id", "address", "home_directory", "database_username"];

/** Key names repeat across thousands of rows: classify each name once. */
const secretKeyCache = new Map<string, boolean>();

function isSecretKeyName(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
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
    return v;
  };
  const redacted = walk(value);
  return found.size ? (scrubValues(redacted, [...found], inPlace) as T) : (redacted as T);
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
