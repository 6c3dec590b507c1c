/** Shared parameter schemas: one definition per concept, reused by every toolset. */
import { z } from "zod";

export const id = (what: string) => z.number().int().positive().describe(what);

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
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/, "letters, digits and dashes only, e.g. production or staging")
  .transform((s) => s.toLowerCase())
  .describe("Environment name: production or staging");

export const EnvironmentDefaultProduction = Environment.default("production");

export const text = (what: string, max = 500) => z.string().max(max).describe(what);
export const nonEmpty = (what: string, max = 500) => z.string().trim().min(1).max(max).describe(what);

export const Limit = (fallback = 25, max = 200) =>
  z.number().int().min(1).max(max).default(fallback).describe("Items per page");
export const Offset = z.number().int().min(0).default(0).describe("Items to skip (next_offset)");
export const Search = z.string().trim().max(200).optional().describe("Case-insensitive text filter");

export const Hash = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{6,64}$/, "a quicksave hash: 6-64 letters and digits")
  .describe("Quicksave (git) commit hash");

export const Slug = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,200}$/, "a plugin/theme slug such as woocommerce")
  .describe("Plugin or theme slug");

export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a domain name such as example.com")
  .describe("Domain name, e.g. example.com");

export const Detail = z
  .enum(["summary", "full"])
  .default("summary")
  .describe("summary (default) trims to what agents use; full returns every field (secrets still redacted)");
