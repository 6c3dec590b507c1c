/** Shared parameter schemas: one definition per concept, reused by every toolset. */
import { z } from "zod";

const DOMAIN_LIKE = /^(?:[a-z0-9-]+\.)+[a-z]{2,63}\.?$/i;

/** Where an id of each kind comes from, and how to look one up by name when the agent has a domain instead. */
const LOOKUPS: Record<string, { list: string; searchable: boolean }> = {
  "Site ID": { list: "list_sites", searchable: true },
  "Domain ID": { list: "list_domains", searchable: true },
  "Account ID": { list: "list_accounts", searchable: true },
};

function idTypeError(input: unknown, what = ""): string | undefined {
  if (typeof input !== "string") return undefined;
  const lookup = LOOKUPS[what];
  const value = input.trim();
  if (lookup?.searchable && DOMAIN_LIKE.test(value)) {
    return `"${value}" is a name, not an id: use ${lookup.list} search: "${value.replace(/\.$/, "")}" to find its ${what.toLowerCase().replace(" id", "_id")}`;
  }
  return `expected a numeric id${lookup ? ` (from ${lookup.list})` : ""}, got "${value.slice(0, 60)}"`;
}

/**
 * Bounds are checked with refinements where the JSON Schema keyword would only restate the obvious to the model:
 * with ~210 tools, "exclusiveMinimum": 0 on every id and a pattern on every environment cost thousands of tokens.
 * Numeric strings ("47") are accepted by parseInput, which retries a failed parse with them as numbers.
 */
export const positiveInt = z
  .number()
  .int()
  .refine((n) => n > 0, "must be a positive id");

/** A positive id; `what` describes it in tools/list (unless it only restates the field's name), when the tool does not. */
export const id = (what?: string) => {
  const schema = z
    .number({ error: (issue) => idTypeError(issue.input, what) })
    .int()
    .refine((n) => n > 0, "must be a positive id");
  return what ? schema.describe(what) : schema;
};

export const SiteId = id("Site ID");
export const EnvironmentId = id("From list_site_environments");
export const AccountId = id("Account ID");
export const DomainId = id("Domain ID");
export const UserId = id();

export const ENVIRONMENTS = ["production", "staging"] as const;

/**
 * Environment name. The real server stores "Production"/"Staging" but its CLI only matches lower case in most
 * paths (docs/api/NOTES.md §5), so names are accepted in any case and sent lower-cased. Anything else is refused with the valid
 * names: an unknown environment would otherwise come back as an empty success.
 */
export const Environment = z
  .string()
  .refine((s) => (ENVIRONMENTS as readonly string[]).includes(s.trim().toLowerCase()), {
    error: (issue) => `"${String(issue.input).slice(0, 40)}" is not an environment: use production or staging`,
  })
  .transform((s) => s.trim().toLowerCase())
  // Shown as the enum it is (any case is accepted); the refinement above is what checks it.
  .meta({ enum: [...ENVIRONMENTS] });

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
  z.number().int().min(1).max(max).default(fallback);
/** No description: limit/offset speak for themselves, and every paged result names its next_offset. */
export const Offset = z.number().int().min(0).default(0);
export const Search = z.string().trim().max(200).optional();

/** One environment, never `both`/`all` (the CLI would match nothing and answer [] or null). */
export const OneEnvironment = Environment.refine((e) => e !== "both" && e !== "all", {
  message: "name one environment: production or staging",
});

export const Hash = z
  .string()
  .refine((s) => /^[A-Za-z0-9]{6,64}$/.test(s.trim()), "a quicksave hash: 6-64 letters and digits")
  .transform((s) => s.trim());

export const Slug = z
  .string()
  .refine((s) => /^[A-Za-z0-9._-]{1,200}$/.test(s.trim()), "a plugin/theme slug such as woocommerce")
  .transform((s) => s.trim());

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

/** No description: each tool that takes it says what detail=full adds. */
export const Detail = z.enum(["summary", "full"]).default("summary");

// ---------- one-step fixes of the inputs agents get wrong ----------

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (parent && typeof parent === "object") (parent as Record<PropertyKey, unknown>)[path[path.length - 1]!] = value;
}

/** The value an issue could be fixed with: "47" for a number, "true" for a boolean, "txt" for the option "TXT". */
function fixFor(issue: z.core.$ZodIssue, value: unknown, key: PropertyKey | undefined): { value: unknown } | undefined {
  // An id given as a number where the API's ids are strings (payment tokens, some of which are digits): results
  // show every id as a number, so one comes back that way.
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number" && Number.isInteger(value)) {
    return typeof key === "string" && /(^|_)id$/.test(key) ? { value: String(value) } : undefined;
  }
  if (typeof value !== "string") return undefined;
  if (issue.code === "invalid_type" && issue.expected === "number" && NUMERIC.test(value)) return { value: Number(value) };
  if (issue.code === "invalid_type" && issue.expected === "boolean" && /^(true|false)$/i.test(value.trim())) {
    return { value: value.trim().toLowerCase() === "true" };
  }
  if (issue.code === "invalid_value") {
    const option = issue.values.find((o) => typeof o === "string" && o.toLowerCase() === value.trim().toLowerCase());
    if (option !== undefined) return { value: option };
  }
  return undefined;
}

/** Applies every fix the issues allow (inside unions too); true when something changed. */
function applyFixes(root: unknown, issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): boolean {
  let changed = false;
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union") {
      for (const branch of issue.errors) if (applyFixes(root, branch, path)) changed = true;
      continue;
    }
    const fix = fixFor(issue, valueAt(root, path), path[path.length - 1]);
    if (fix && path.length) {
      setAt(root, path, fix.value);
      changed = true;
    }
  }
  return changed;
}

/**
 * safeParse that accepts what an agent obviously meant: numeric strings for numbers ("47"), "true"/"false" for
 * booleans, and enum options in any case ("txt" for TXT). The first parse decides what is wrong; only those values
 * are converted, and the schema checks the result again.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): ReturnType<T["safeParse"]> {
  const first = schema.safeParse(input);
  if (first.success || !input || typeof input !== "object") return first as ReturnType<T["safeParse"]>;
  const copy = structuredClone(input);
  return (applyFixes(copy, first.error.issues) ? schema.safeParse(copy) : first) as ReturnType<T["safeParse"]>;
}
