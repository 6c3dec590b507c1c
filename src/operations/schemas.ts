/** Shared parameter schemas: one definition per concept, reused by every toolset. */
import { z } from "zod";

/**
 * Bounds are checked with refinements where the JSON Schema keyword would only restate the obvious to the model:
 * with ~210 tools, "exclusiveMinimum": 0 on every id and a pattern on every environment cost thousands of tokens.
 */
export const id = (what: string) =>
  z
    .number()
    .int()
    .refine((n) => n > 0, "must be a positive id")
    .describe(what);

export const SiteId = id("Site ID");
export const EnvironmentId = id("Environment ID (numeric, from list_site_environments)");
export const AccountId = id("Account ID");
export const DomainId = id("Domain ID");
export const UserId = id("WordPress user ID");

/**
 * Environment name. The real server stores "Production"/"Staging" but its CLI only matches lower case in most
 * paths (NOTES §5), so names are accepted in any case and sent lower-cased unless an operation says otherwise.
 */
export const Environment = z
  .string()
  .refine((s) => /^[A-Za-z0-9-]{1,40}$/.test(s.trim()), "an environment name such as production or staging")
  .transform((s) => s.trim().toLowerCase())
  .describe("production or staging");

export const EnvironmentDefaultProduction = Environment.default("production");

/** A trimmed, non-empty string checked by refine: the same validation, without the limits spelled out in tools/list. */
export const checked = (what: string, max: number, re: RegExp = /^[^]*$/, hint = `1 to ${max} characters`) =>
  z
    .string()
    .trim()
    .refine((v) => v.length >= 1 && v.length <= max && re.test(v), hint)
    .describe(what);

export const text = (what: string, max = 500) =>
  z
    .string()
    .refine((v) => v.length <= max, `at most ${max} characters`)
    .describe(what);
export const nonEmpty = (what: string, max = 500) => checked(what, max);

export const Limit = (fallback = 25, max = 200) =>
  z.number().int().min(1).max(max).default(fallback);
/** No description: limit/offset speak for themselves, and every paged result names its next_offset. */
export const Offset = z.number().int().min(0).default(0);
export const Search = z.string().trim().max(200).optional();

export const Hash = checked("Quicksave (git) commit hash", 64, /^[A-Za-z0-9]{6,64}$/, "a quicksave hash: 6-64 letters and digits");

export const Slug = checked("Plugin or theme slug", 200, /^[A-Za-z0-9._-]+$/, "a plugin/theme slug such as woocommerce");

export const DomainName = checked(
  "Domain name, e.g. example.com",
  253,
  /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
  "a domain name such as example.com",
).transform((v) => v.toLowerCase());

export const Detail = z
  .enum(["summary", "full"])
  .default("summary")
  .describe("full = every field (secrets still redacted)");
