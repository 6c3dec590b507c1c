/**
 * A password in every form a sick upstream may echo it, and a detector for all of them that does not share code with
 * the server's scrub (issue 21: F2). Also the secret key spellings the key-based redaction must fold (F4).
 */

/** Not the simulator's seed passwords: a fresh one, with spaces as WordPress shows it. */
export const ECHO_PASSWORD = "Xk7q Lm2P 9wRt Zb4N hY6s Qe3V";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Every form of the password (and the Basic header) the scrub must remove. */
export function passwordForms(username: string, password: string): Record<string, string> {
  const compact = password.replace(/\s+/g, "");
  const groups = password.split(/\s+/);
  return {
    exact: password,
    compact,
    dashes: groups.join("-"),
    newlines: groups.join("\n"),
    crlf: groups.join("\r\n"),
    tabs: groups.join("\t"),
    nbsp: groups.join("\u00a0"),
    lower: password.toLowerCase(),
    upper: compact.toUpperCase(),
    percent20: groups.join("%20"),
    plus: groups.join("+"),
    percentEveryChar: [...password].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
    jsonEscaped: groups.join("\\u0020"),
    jsonNewline: groups.join("\\n"),
    base64Aligned0: b64(password),
    base64Aligned1: b64(`x${password}`),
    base64Aligned2: b64(`xy${password}`),
    base64Compact: b64(`pw=${compact}`),
    authorization: `Basic ${b64(`${username}:${password}`)}`,
  };
}

/** One string carrying every form, as a debug page would print them. */
export function echoText(username: string, password: string): string {
  return Object.entries(passwordForms(username, password))
    .map(([form, value]) => `${form}=${value}`)
    .join(" | ");
}

function decoded(text: string): string {
  return text
    .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\[nrt]/g, " ")
    .replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\+/g, " ");
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Base64 text that only the password's bytes determine, for each of the three alignments (middle part). */
function base64Cores(password: string): string[] {
  const out: string[] = [];
  for (const p of [password, password.replace(/\s+/g, "")]) {
    for (const prefix of ["", "x", "xy"]) out.push(b64(prefix + p).slice(4, -4));
  }
  return out;
}

/** Where the password shows up in these texts, in any form; [] when it does not. */
export function passwordLeaks(texts: readonly string[], password: string): string[] {
  const needle = squash(password);
  const cores = base64Cores(password);
  const found: string[] = [];
  for (const text of texts) {
    const where = squash(text).includes(needle)
      ? "plain or separated"
      : squash(decoded(text)).includes(needle)
        ? "encoded"
        : cores.find((c) => text.includes(c))
          ? "base64"
          : undefined;
    if (where) found.push(`${where}: ${text.slice(0, 300)}`);
  }
  return found;
}

/** Secret values under key spellings the redaction must recognise, each distinct so a leak names its key. */
export const SECRET_SPELLINGS: Record<string, string> = {
  dbPassword: "s3cr3t-dbPassword-91",
  sftpPassword: "s3cr3t-sftpPassword-92",
  privateKey: "s3cr3t-privateKey-93",
  accessToken: "s3cr3t-accessToken-94",
  secretKey: "s3cr3t-secretKey-95",
  pwd: "s3cr3t-pwd-96",
  db_pw: "s3cr3t-db_pw-97",
  "smtp-password": "s3cr3t-smtp-password-98",
  ssh_key: "s3cr3t-ssh_key-99",
  session_token: "s3cr3t-session_token-100",
  totp: "s3cr3t-totp-101",
  "Refresh Token": "s3cr3t-refresh-102",
  passphrase: "s3cr3t-passphrase-103",
  salt: "s3cr3t-salt-104",
  nonce: "s3cr3t-nonce-105",
};
export const SECRET_LISTS: Record<string, string[]> = {
  passwords: ["s3cr3t-passwords-106"],
  recovery_codes: ["s3cr3t-recovery-107", "s3cr3t-recovery-108"],
};
export const URL_PASSWORD = "s3cr3t-userinfo-109";

/** An answer object carrying every spelling, plus credentials in a URL under an innocent key. */
export function secretSpellingsBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    ...SECRET_SPELLINGS,
    ...SECRET_LISTS,
    backup_target: `mysql://backup:${URL_PASSWORD}@db.example.com/wp`,
    nested: { dbPassword: SECRET_SPELLINGS.dbPassword, description: "kept" },
  };
}

export function allSpellingSecrets(): string[] {
  return [...Object.values(SECRET_SPELLINGS), ...Object.values(SECRET_LISTS).flat(), URL_PASSWORD];
}

/** Every string in a value (results, resources, prompts), so that escapes in JSON do not hide a leak. */
export function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") {
    into.push(value);
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === "object") stringsOf(parsed, into);
    } catch {
      // not JSON
    }
  } else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      stringsOf(v, into);
    }
  }
  return into;
}
