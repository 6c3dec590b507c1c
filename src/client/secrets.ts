/**
 * The credential scrub: removes the configured application password in every form a server, a proxy or a debug page
 * may print it — separated by spaces, dashes, newlines or non-breaking spaces, in any letter case, URL-encoded
 * (`%20`, `+`, `%41`), JSON-escaped once or more (`\u0020`, `\\n`), base64 in all three byte alignments — and the Authorization
 * header. It runs on whole texts before anything is cut, so a password never straddles a truncation.
 */

export const REDACTED = "[redacted]";

/** What may sit between two characters of the password: whitespace, punctuation, and their encodings. */
const PUNCTUATION = ["-", "_", ".", "+", ",", ":", ";", "|", "/"];
const SEPARATOR_CHARS = [" ", "\t", "\n", "\r", "\u00a0", ...PUNCTUATION];

/** Hex digits that match in either case. */
const anyCaseHex = (hex: string) => hex.replace(/[a-f]/g, (c) => `[${c}${c.toUpperCase()}]`);

/** The separator pattern for a password: none of its own characters (nor their encodings) may count as one. */
function separatorFor(chars: readonly string[]): string {
  const own = new Set(chars.map((c) => c.toLowerCase()));
  const separators = SEPARATOR_CHARS.filter((c) => !own.has(c));
  const literal = separators.filter((c) => PUNCTUATION.includes(c)).map((c) => `\\${c}`).join("");
  const alternatives = [`[\\s\\u200b${literal}]`];
  for (const c of separators) {
    const code = c.charCodeAt(0).toString(16).padStart(2, "0");
    if (!own.has("%")) alternatives.push(c === "\u00a0" ? "%[cC]2%[aA]0" : `%${anyCaseHex(code)}`);
    if (!own.has("\\")) alternatives.push(String.raw`\\+u00${anyCaseHex(code)}`);
  }
  if (!own.has("\\")) alternatives.push(String.raw`\\+[nrt]`, String.raw`\\+u(?:200[0-9a-bA-B]|202[fF])`);
  if (!own.has("&")) alternatives.push("&nbsp;", "&#160;", "&#32;");
  return `(?:${alternatives.join("|")})`;
}

/**
 * The gap between two characters of the password: up to four separators, taken greedily and never given back (an
 * atomic group, written as a lookahead and a backreference), so that a near-miss costs linear time, not exponential.
 */
function gap(separator: string, group: number): string {
  return `(?=(${separator}{0,4}))\\${group}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** One character of the password in any case, percent-encoded or JSON-escaped. */
function charPattern(ch: string): string {
  const forms = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
  const alternatives: string[] = [];
  for (const form of forms) {
    alternatives.push(escapeRegExp(form));
    alternatives.push([...Buffer.from(form, "utf8")].map((byte) => `%${anyCaseHex(byte.toString(16).padStart(2, "0"))}`).join(""));
    const code = form.codePointAt(0)!;
    if (code < 0x10000) {
      const hex = code.toString(16).padStart(4, "0");
      alternatives.push(String.raw`\\+u${anyCaseHex(hex)}`);
    }
  }
  return `(?:${[...new Set(alternatives)].join("|")})`;
}

/**
 * Base64 fragments that appear whenever `secret` is base64-encoded as part of a longer byte string: one per
 * alignment (the secret starting at byte offset 0, 1 or 2 of a 3-byte group). Only the characters that depend on the
 * secret's bytes alone are kept.
 */
export function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length)) / 6);
    const fragment = encoded.slice(first, last);
    if (fragment.length >= 8) out.push(fragment, fragment.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...new Set(out)];
}

export interface CredentialScrubber {
  /** Exact strings removed first (the Authorization header, the base64 token). */
  readonly exact: readonly string[];
  /** Shortest text the variant pattern can match: shorter strings are skipped without a regex. */
  readonly minLength: number;
  scrub(text: string): string;
}

/** Builds the scrub for one username and application password. */
export function credentialScrubber(username: string, password: string): CredentialScrubber {
  const chars = [...password.replace(/\s+/g, "")];
  const separator = separatorFor(chars);
  const token = Buffer.from(`${username}:${password}`).toString("base64");
  const exact = [...new Set([`Basic ${token}`, token, ...base64Fragments(password), ...base64Fragments(password.replace(/\s+/g, ""))])]
    .filter((s) => s.length >= 6)
    .sort((a, b) => b.length - a.length);
  const variants =
    chars.length >= 6 ? new RegExp(chars.map((c, i) => (i === 0 ? "" : gap(separator, i)) + charPattern(c)).join(""), "g") : undefined;
  const minLength = chars.length;
  return {
    exact,
    minLength,
    scrub(text: string): string {
      let out = text;
      for (const secret of exact) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      if (variants && out.length >= minLength) out = out.replace(variants, REDACTED);
      return out;
    },
  };
}

/** `scheme://user:password@host` → `scheme://user:[redacted]@host`, in any text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@/gi;

export function maskUrlCredentials(text: string): string {
  if (!text.includes("@") || !text.includes("://")) return text;
  return text.replace(URL_USERINFO, (_m, head: string, pass: string) => (pass === REDACTED ? _m : `${head}:${REDACTED}@`));
}

/**
 * `value` with `scrub` applied to every string (keys included): a copy, or the value itself rewritten when `inPlace`
 * (answers parsed for one call, where a copy would only raise the peak memory).
 */
export function scrubStrings(value: unknown, scrub: (text: string) => string, inPlace = false): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) {
    if (!inPlace) return value.map((v) => scrubStrings(v, scrub));
    for (let i = 0; i < value.length; i++) value[i] = scrubStrings(value[i], scrub, true);
    return value;
  }
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = inPlace ? obj : {};
    for (const k in obj) {
      const clean = scrub(k);
      const child = scrubStrings(obj[k], scrub, inPlace);
      if (clean !== k && inPlace) delete obj[k];
      out[clean] = child;
    }
    return out;
  }
  return value;
}
