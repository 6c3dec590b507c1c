/**
 * The catalog: search_operations and call_operation reach every operation from a small default tool list.
 * call_operation runs the operation through the same executor as its direct tool: same validation, read-only
 * refusal and confirm requirement.
 */
import { z } from "zod";
import type { MetaTool, ServerContext } from "../context.js";
import { execute, formatIssues, type ExecuteEnv } from "../operations/executor.js";
import { describe, toInputJsonSchema } from "../operations/registry.js";
import { errorResult, successResult } from "../operations/result.js";
import { TOOLSETS, type Operation } from "../operations/types.js";

/** What search reads of an operation: an Operation or an index entry. */
type Searchable = Pick<Operation, "name" | "summary" | "description" | "toolset" | "path" | "effect">;

/** Words that mean the same thing to someone asking for an operation. Each group maps to its first word. */
const SYNONYMS: string[][] = [
  ["delete", "remove", "drop", "destroy", "erase", "purge"],
  ["create", "add", "new", "make", "register", "provision"],
  ["list", "show", "all", "browse", "enumerate", "find", "search", "which", "lookup"],
  ["get", "fetch", "read", "view", "detail", "details", "info", "inspect", "see", "check"],
  ["update", "edit", "change", "modify", "set", "rename", "configure"],
  ["rollback", "restore", "revert", "undo", "roll"],
  ["quicksave", "snapshot", "history", "changed", "changes", "diff"],
  ["version", "versions", "installed"],
  ["activate", "enable", "setup", "start", "turn"],
  ["run", "execute", "exec", "command", "cli", "wp", "script"],
  ["plugin", "plugins", "component", "extension", "addon", "woocommerce", "yoast", "elementor", "akismet", "jetpack", "wordfence"],
  ["theme", "themes"],
  ["site", "sites", "website", "websites", "wordpress", "fleet"],
  ["environment", "environments", "staging", "production", "env"],
  ["domain", "domains", "registrar"],
  ["dns", "record", "records", "zone", "cname", "mx", "txt", "nameserver", "nameservers"],
  ["email", "mail", "mailgun", "forward", "forwarding", "alias"],
  ["account", "accounts", "customer", "client", "team"],
  ["user", "users", "member", "members", "people"],
  ["invite", "invites", "invitation"],
  ["invoice", "invoices", "bill", "bills", "pay", "payment", "billing", "charge"],
  ["plan", "subscription", "subscriptions"],
  ["backup", "backups", "archive"],
  ["login", "magic", "signin", "admin", "wp-admin", "link"],
  ["log", "logs", "error", "errors", "debug", "recent"],
  ["job", "jobs", "task", "progress", "status", "token"],
  ["key", "keys", "ssh"],
  ["password", "credential", "credentials", "application"],
  ["provider", "providers", "host", "hosting", "kinsta", "wpengine", "rocket"],
  ["report", "reports", "summary"],
  ["stat", "stats", "traffic", "visits", "analytics", "fathom", "pageviews"],
  ["cancel", "stop", "abort", "kill"],
  ["lock", "unlock", "transfer"],
  ["push", "deploy", "copy", "sync", "clone"],
  ["update-log", "updated", "upgrade", "upgrades"],
  ["capture", "captures", "screenshot", "screenshots"],
  ["filter", "filters", "vulnerable", "outdated"],
];

const CANONICAL = new Map<string, string>();
for (const group of SYNONYMS) for (const word of group) if (!CANONICAL.has(word)) CANONICAL.set(word, group[0]!);

const STOPWORDS = new Set(["a", "an", "the", "of", "to", "for", "on", "in", "my", "me", "i", "is", "it", "and", "or", "with", "by", "from", "what", "how", "do", "does", "can", "are", "be", "this", "that", "one", "every", "its", "their", "about", "into", "at"]);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith("es") && !word.endsWith("ses")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  return word;
}

/** Phrases that mean one word. */
const PHRASES: [RegExp, string][] = [
  [/\b(log|sign) ?in\b/g, "login"],
  [/\bset ?up\b/g, "setup"],
  [/\bturn on\b/g, "enable"],
  [/\bturn off\b/g, "disable"],
  [/\bwp-admin\b/g, "login"],
];

/** Words → canonical terms (synonyms folded, light stemming). */
export function terms(text: string): string[] {
  const out: string[] = [];
  let lower = text.toLowerCase();
  for (const [phrase, word] of PHRASES) lower = lower.replace(phrase, word);
  for (const raw of lower.split(/[^a-z0-9-]+/)) {
    for (const word of raw.includes("-") ? [raw, ...raw.split("-")] : [raw]) {
      if (!word || STOPWORDS.has(word)) continue;
      out.push(CANONICAL.get(word) ?? CANONICAL.get(stem(word)) ?? stem(word));
    }
  }
  return out;
}

interface IndexEntry<T extends Searchable> {
  op: T;
  fields: { weight: number; terms: Set<string> }[];
}

const indexCache = new WeakMap<readonly Searchable[], IndexEntry<Searchable>[]>();

function indexOf<T extends Searchable>(ops: readonly T[]): IndexEntry<T>[] {
  let index = indexCache.get(ops) as IndexEntry<T>[] | undefined;
  if (!index) {
    index = ops.map((op) => ({
      op,
      fields: [
        { weight: 4, terms: new Set(terms(op.name.replace(/_/g, " "))) },
        { weight: 2.5, terms: new Set(terms(op.summary)) },
        { weight: 1.5, terms: new Set(terms(`${op.toolset} ${TOOLSETS[op.toolset]}`)) },
        { weight: 1, terms: new Set(terms(`${op.description ?? ""} ${op.path.replace(/[{}_/]/g, " ")}`)) },
      ],
    }));
    indexCache.set(ops, index);
  }
  return index;
}

export interface SearchHit<T extends Searchable = Operation> {
  op: T;
  score: number;
}

export function searchOperations<T extends Searchable>(ops: readonly T[], query: string, toolset?: string): SearchHit<T>[] {
  const wanted = [...new Set(terms(query))];
  const hits: SearchHit<T>[] = [];
  for (const entry of indexOf(ops)) {
    if (toolset && entry.op.toolset !== toolset) continue;
    let score = 0;
    let matched = 0;
    for (const term of wanted) {
      let best = 0;
      for (const field of entry.fields) if (field.terms.has(term) && field.weight > best) best = field.weight;
      if (best) matched++;
      score += best;
    }
    if (wanted.length && !matched) continue;
    // Favour operations that match more of the query, whose name is mostly what was asked (list_sites over
    // list_site_environments for "list sites"), then reads (the safe choice when tied).
    score *= 1 + matched / Math.max(1, wanted.length);
    const nameTerms = entry.fields[0]!.terms;
    let named = 0;
    for (const term of nameTerms) if (wanted.includes(term)) named++;
    score += (2 * named) / Math.max(1, nameTerms.size);
    if (entry.op.effect === "read") score += 0.1;
    hits.push({ op: entry.op, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.op.name.localeCompare(b.op.name));
}

const searchInput = z.strictObject({
  query: z.string().trim().max(200).optional().describe("What you want to do, in a few words"),
  toolset: z.enum(Object.keys(TOOLSETS) as [string, ...string[]]).optional().describe("Only this toolset"),
  limit: z.number().int().min(1).max(20).default(5).describe("Results (default 5)"),
});

const callInput = z.strictObject({
  name: z.string().trim().min(1).max(60).describe("Operation name from search_operations"),
  arguments: z.record(z.string(), z.unknown()).default({}).describe("Its arguments, as its input schema says"),
});

export function catalogTools(ctx: ServerContext, env: () => ExecuteEnv): MetaTool[] {
  const loaded = new Set(ctx.toolOperations.map((op) => op.name));
  const known = new Set(ctx.operations.map((op) => op.name));
  const readOnly = ctx.config.readOnly;
  const visible = readOnly ? ctx.operations.filter((op) => op.effect === "read") : ctx.operations;

  const search: MetaTool = {
    readOnly: true,
    definition: {
      name: "search_operations",
      description:
        `Find any of the ${visible.length} CaptainCore operations (sites, environments, quicksaves, domains, DNS, accounts, billing…) by keywords; returns names, effects and input schemas. ` +
        "Then run one with call_operation (or directly, if it is already a tool).",
      inputSchema: toInputJsonSchema(searchInput),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handler: async (args) => {
      const parsed = searchInput.safeParse(args);
      if (!parsed.success) return errorResult(`Invalid arguments for search_operations:\n${formatIssues(parsed.error)}`);
      const { query = "", toolset, limit } = parsed.data;
      if (!query && !toolset) {
        return successResult({
          toolsets: Object.entries(TOOLSETS).map(([name, about]) => ({
            toolset: name,
            about,
            operations: visible.filter((op) => op.toolset === name).length,
          })),
          hint: "Pass query (what you want to do) and/or toolset.",
        });
      }
      const hits = searchOperations(visible, query, toolset);
      const results = hits.slice(0, limit).map(({ op }) => ({
        name: op.name,
        effect: op.effect,
        summary: describe(op),
        loaded_as_tool: loaded.has(op.name),
        input: op.inputSchema,
      }));
      return successResult({
        results,
        total_matches: hits.length,
        next: results.length
          ? "Run one with call_operation {name, arguments}; destructive ones need confirm: true after the user agrees."
          : "Nothing matched: try other words, or search_operations with only a toolset to browse it.",
      });
    },
  };

  const call: MetaTool = {
    readOnly: true,
    definition: {
      name: "call_operation",
      description:
        "Run a CaptainCore operation by name with its arguments (find it with search_operations). Same validation and safety as the direct tool: " +
        (readOnly ? "read-only mode: only reads run." : "writes follow its annotations; destructive ones need confirm: true."),
      inputSchema: toInputJsonSchema(callInput),
      annotations: readOnly
        ? { readOnlyHint: true }
        : { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    },
    handler: async (args, extra) => {
      const parsed = callInput.safeParse(args);
      if (!parsed.success) return errorResult(`Invalid arguments for call_operation:\n${formatIssues(parsed.error)}`);
      const op = known.has(parsed.data.name) ? await ctx.loadOperation(parsed.data.name) : undefined;
      if (!op) {
        const suggestions = searchOperations(visible, parsed.data.name.replace(/_/g, " "))
          .slice(0, 3)
          .map((h) => h.op.name);
        return errorResult(
          `No operation named "${parsed.data.name}".${suggestions.length ? ` Did you mean ${suggestions.join(", ")}?` : ""} Use search_operations to find it.`,
        );
      }
      return execute(op, parsed.data.arguments, { ...env(), signal: extra.signal, progress: extra.progress });
    },
  };

  return [search, call];
}
