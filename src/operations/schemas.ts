/** Shared parameter schemas: one definition per concept, reused by every toolset. */
import { z } from "zod";

/**
 * Bounds are checked with refinements where the JSON Schema keyword would only restate the obvious to the model:
 * with ~210 tools, "exclusiveMinimum": 0 on every id and a pattern on every environment cost thousands of tokens.
 */
export const positiveInt = z
  .number()
  .int()
  .refine((n) => n > 0, "must be a positive id");

export const id = (what: string) => positiveInt.describe(what);

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

/** A trimmed string of min to max characters, checked by refine: the limits are not spelled out in tools/list. */
export const bounded = (min: number, max: number, re: RegExp = /^[^]*$/, hint = min ? `${min}-${max} characters` : `at most ${max} characters`) =>
  z
    .string()
    .trim()
    .refine((v) => v.length >= min && v.length <= max && re.test(v), hint);

/** A trimmed, non-empty string checked by refine: the same validation, without the limits spelled out in tools/list. */
export const checked = (what: string, max: number, re: RegExp = /^[^]*$/, hint = `1 to ${max} characters`) =>
  bounded(1, max, re, hint).describe(what);

export const text = (what: string, max = 500) =>
  z
    .string()
    .refine((v) => v.length <= max, `at most ${max} characters`)
    .describe(what);
export const nonEmpty = (what: string, max = 500) => checked(what, max);

export const Limit = (fallback = 25, max = 200) =>
  z.number().int().min(1).max(max).default(fallback).describe("Items per page");
export const Offset = z.number().int().min(0).default(0).describe("Skip this many (next_offset)");
export const Search = z.string().trim().max(200).optional().describe("Case-insensitive text filter");

/** One environment, never `both`/`all` (the CLI would match nothing and answer [] or null). */
export const OneEnvironment = Environment.refine((e) => e !== "both" && e !== "all", {
  message: "name one environment: production or staging",
}).describe("production or staging");

export const Hash = z
  .string()
  .refine((s) => /^[A-Za-z0-9]{6,64}$/.test(s.trim()), "a quicksave hash: 6-64 letters and digits")
  .transform((s) => s.trim())
  .describe("Quicksave hash");

export const Slug = z
  .string()
  .refine((s) => /^[A-Za-z0-9._-]{1,200}$/.test(s.trim()), "a plugin/theme slug such as woocommerce")
  .transform((s) => s.trim())
  .describe("Plugin/theme slug");

/** A trimmed string of at most `max` characters matching `re`, checked by refine (the pattern is not in tools/list). */
const matching = (max: number, re: RegExp, hint: string) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => re.test(v), hint);

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A domain (or host) name, trimmed and lower-cased. */
export const domainName = (what = "Domain name") =>
  matching(253, DOMAIN, "a domain name such as example.com")
    .overwrite((v) => v.toLowerCase())
    .describe(what);

export const Domain = domainName();

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[A-Za-z]{2,63}$/;

/** One email address. */
export const email = (what = "Email address") => matching(254, EMAIL, "an email address such as name@example.com").describe(what);

export const Email = email();

export const Detail = z
  .enum(["summary", "full"])
  .default("summary")
  .describe("full = every field (secrets still redacted)");
