/**
 * The catalog: search_operations, call_read_operation and call_write_operation reach every operation from a small
 * default tool list, through the same executor as the operation's own tool: same validation, read-only refusal and
 * confirmation.
 */
import { z } from "zod";
import type { MetaTool, ServerContext } from "../context.js";
import { execute, formatIssues, type ExecuteEnv } from "../operations/executor.js";
import { describe, toInputJsonSchema } from "../operations/registry.js";
import { errorResult, successResult } from "../operations/result.js";
import { CALL_READ, CALL_WRITE } from "../operations/hints.js";
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
  name: z.string().trim().refine((v) => v.length >= 1 && v.length <= 60, "an operation name").describe("Operation name"),
  arguments: z.record(z.string(), z.unknown()).default({}).describe("Its arguments"),
});

/** The same schema as callInput, without the keywords that only restate "an object" to the model. */
const CALL_INPUT_JSON = {
  type: "object" as const,
  properties: { name: { type: "string", description: "Operation name" }, arguments: { type: "object", description: "Its arguments" } },
  required: ["name"],
};

export function catalogTools(ctx: ServerContext, env: () => ExecuteEnv): MetaTool[] {
  const known = new Set(ctx.operations.map((op) => op.name));
  const readOnly = ctx.config.readOnly;
  const visible = readOnly ? ctx.operations.filter((op) => op.effect === "read") : ctx.operations;

  const search: MetaTool = {
    readOnly: true,
    definition: {
      name: "search_operations",
      description:
        `Find any of the ${visible.length} CaptainCore operations (sites, environments, quicksaves, domains, DNS, accounts, billing…) by keywords; returns names, effects and input schemas. ` +
        "Then run one with call_read_operation or call_write_operation (or directly, if it is already a tool).",
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
        loaded_as_tool: ctx.toolOperations.some((t) => t.name === op.name),
        input: op.inputSchema,
      }));
      return successResult({
        results,
        total_matches: hits.length,
        next: results.length
          ? "Run one with call_read_operation or call_write_operation {name, arguments}, as its effect says."
          : "Nothing matched: try other words, or search_operations with only a toolset to browse it.",
      });
    },
  };

  return [search, ...callTools(ctx, env, visible)];
}

/** Keys of the catalog call itself; any other top-level key is an argument that belongs under `arguments`. */
const CALL_KEYS = new Set(["name", "arguments"]);

function misplacedArguments(tool: string, args: Record<string, unknown>): string | undefined {
  const stray = Object.keys(args).filter((k) => !CALL_KEYS.has(k));
  if (!stray.length || typeof args.name !== "string") return undefined;
  const moved = { ...(args.arguments as object | undefined), ...Object.fromEntries(stray.map((k) => [k, args[k]])) };
  return (
    `${stray.map((k) => `"${k}"`).join(", ")} ${stray.length > 1 ? "are arguments" : "is an argument"} of ${args.name}: put ${stray.length > 1 ? "them" : "it"} under arguments. ` +
    `Call ${tool} again with ${JSON.stringify({ name: args.name, arguments: moved })}. Nothing was sent.`
  );
}

/** Which catalog tool runs an operation of this effect; the other one refuses it with this pointer. */
function wrongVariant(op: { name: string; effect: string }, kind: "read" | "write", readOnly: boolean): string | undefined {
  if (kind === "read" && op.effect !== "read") {
    return readOnly
      ? `${op.name} changes data and this server is read-only (CAPTAINCORE_READ_ONLY=true); nothing was sent.`
      : `${op.name} changes data (${op.effect}): call ${CALL_WRITE} with the same name and arguments. Nothing was sent.`;
  }
  if (kind === "write" && op.effect === "read") {
    return `${op.name} only reads: call ${CALL_READ} with the same name and arguments. Nothing was sent.`;
  }
  return undefined;
}

/**
 * call_read_operation (readOnlyHint) and call_write_operation (destructiveHint): a client's approval tells a read
 * from a delete even through the catalog. Both run the operation through the same executor as its own tool.
 */
function callTools(ctx: ServerContext, env: () => ExecuteEnv, visible: readonly Searchable[]): MetaTool[] {
  const known = new Set(ctx.operations.map((op) => op.name));
  const readOnly = ctx.config.readOnly;
  const make = (kind: "read" | "write"): MetaTool => {
    const tool = kind === "read" ? CALL_READ : CALL_WRITE;
    return {
      readOnly: kind === "read",
      definition: {
        name: tool,
        title: kind === "read" ? "Call a read operation" : "Call a write operation",
        description:
          kind === "read"
            ? "Run a read operation found with search_operations."
            : "Run an operation that changes data. Destructive ones ask the user (or need confirm: true).",
        inputSchema: CALL_INPUT_JSON,
        annotations: kind === "read" ? { readOnlyHint: true } : { readOnlyHint: false, destructiveHint: true },
      },
      handler: async (args, extra) => {
        const misplaced = misplacedArguments(tool, args);
        if (misplaced) return errorResult(misplaced, { code: "invalid_input" });
        const parsed = callInput.safeParse(args);
        if (!parsed.success) return errorResult(`Invalid arguments for ${tool}:\n${formatIssues(parsed.error)}`);
        const op = known.has(parsed.data.name) ? await ctx.loadOperation(parsed.data.name) : undefined;
        if (!op) {
          const suggestions = searchOperations(visible, parsed.data.name.replace(/_/g, " "))
            .slice(0, 3)
            .map((h) => h.op.name);
          return errorResult(
            `No operation named "${parsed.data.name}".${suggestions.length ? ` Did you mean ${suggestions.join(", ")}?` : ""} Use search_operations to find it.`,
          );
        }
        const wrong = wrongVariant(op, kind, readOnly);
        if (wrong) return errorResult(wrong, { code: readOnly && kind === "read" ? "read_only" : "wrong_call_tool" });
        return execute(op, parsed.data.arguments, { ...env(), signal: extra.signal, progress: extra.progress });
      },
    };
  };
  return readOnly ? [make("read")] : [make("read"), make("write")];
}
