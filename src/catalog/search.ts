/**
 * Ranking for search_operations: BM25F over the fields of each entry (its name, summary, the words people use for
 * it, its toolset, its description and path). Entries are the operations plus one per command of the operations
 * that run several (run_site_command's backup, run_bulk_tool's launch…). For requests that ask to see something,
 * reads go first; a destructive entry never outranks a read that matches as well.
 */
import { TOOLSETS, type CommandInfo, type Effect, type OperationInfo } from "../operations/types.js";
import { askProbabilities, buildAsksModel, type AsksModel } from "./asks-model.js";
import { intentOf, numberedThing, OPPOSITES, terms } from "./words.js";

/** What search reads of an operation: an OperationInfo or an Operation. */
export type Searchable = Pick<OperationInfo, "name" | "summary" | "toolset" | "path" | "effect"> &
  Partial<Pick<OperationInfo, "description" | "words" | "asks" | "commands" | "title">>;

/** One searchable thing: an operation, or a command that one or more operations run. */
export interface SearchEntry<T extends Searchable = Searchable> {
  /** The operation; for a command, the first operation that runs it. */
  op: T;
  /** For a command entry: the command and every operation (with the argument that picks it) that runs it. */
  command?: { info: CommandInfo; via: { op: T; argument: string }[] };
  effect: Effect;
}

export interface SearchHit<T extends Searchable = Searchable> extends SearchEntry<T> {
  score: number;
}

/** Field weights of BM25F: a word in the name or in the words people use counts more than one in the description. */
const FIELDS = [
  { name: "name", weight: 2.5, b: 0.5 },
  { name: "summary", weight: 2, b: 0.6 },
  { name: "words", weight: 2.5, b: 0.4 },
  { name: "toolset", weight: 0.4, b: 0.3 },
  { name: "description", weight: 0.6, b: 0.75 },
  { name: "asks", weight: 0.6, b: 0.5 },
] as const;
const K1 = 1.2;
const COMMAND_FACTOR = 0.93;
const ENVIRONMENT_WEIGHT = 0.35;
const OPPOSITE_FACTOR = 0.7;
const ID_FACTOR = 1.2;
/** How much the asks model adds to a BM25 score scaled to the best one's 1. */
const ASKS_MODEL_WEIGHT = 0.3;
/** What an entry whose name's words all stand in the request as written (unstemmed: "backups", not "backup") gains. */
const EXACT_NAME_WEIGHT = 0.4;

interface Doc<T extends Searchable> {
  entry: SearchEntry<T>;
  /** Per field: term → count. */
  fields: Map<string, number>[];
  lengths: number[];
}

interface Index<T extends Searchable> {
  docs: Doc<T>[];
  avgLength: number[];
  /** Term → number of documents holding it. */
  df: Map<string, number>;
  asks: AsksModel;
}

function counts(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** The entries to search: every operation, then one per distinct command. */
export function entriesOf<T extends Searchable>(ops: readonly T[]): SearchEntry<T>[] {
  const entries: SearchEntry<T>[] = ops.map((op) => ({ op, effect: op.effect }));
  const byCommand = new Map<string, SearchEntry<T>>();
  for (const op of ops) {
    for (const info of op.commands?.list ?? []) {
      const via = { op, argument: op.commands!.argument };
      const known = byCommand.get(info.name);
      if (known) {
        known.command!.via.push(via);
        continue;
      }
      const entry: SearchEntry<T> = { op, command: { info, via: [via] }, effect: info.destructive ? "destructive" : "write" };
      byCommand.set(info.name, entry);
      entries.push(entry);
    }
  }
  return entries;
}

/** The texts of every field but the asks (indexOf reads those ask by ask). */
function fieldTexts(entry: SearchEntry): string[] {
  const { op, command } = entry;
  if (command) {
    return [
      `${command.info.name.replace(/[-_]/g, " ")}`,
      command.info.summary,
      command.info.words ?? "",
      `${op.toolset} ${TOOLSETS[op.toolset]}`,
      "",
    ];
  }
  return [
    op.name.replace(/_/g, " "),
    `${op.title ?? ""} ${op.summary}`,
    op.words ?? "",
    `${op.toolset} ${TOOLSETS[op.toolset]}`,
    `${op.description ?? ""} ${op.path.replace(/[{}_/-]/g, " ")}`,
  ];
}

const indexCache = new WeakMap<readonly Searchable[], Index<Searchable>>();

function indexOf<T extends Searchable>(ops: readonly T[]): Index<T> {
  const cached = indexCache.get(ops);
  if (cached) return cached as unknown as Index<T>;
  const entries = entriesOf(ops);
  // Each ask is read once: its terms feed both the asks field (all of them) and the asks model (ask by ask).
  const askTerms = entries.map((entry) => ((entry.command ? entry.command.info.asks : entry.op.asks) ?? []).map((ask) => terms(ask)));
  const fieldsOf = entries.map((entry, i) => [
    ...fieldTexts(entry as SearchEntry).map((text) => counts(terms(text))),
    counts(askTerms[i]!.flat()),
  ]);
  const asks = buildAsksModel(
    askTerms,
    fieldsOf.map((fields) => fields.slice(0, 3).flatMap((field) => [...field.keys()])),
  );
  dropSpreadAskTerms(fieldsOf);
  const docs: Doc<T>[] = entries.map((entry, i) => ({
    entry,
    fields: fieldsOf[i]!,
    lengths: fieldsOf[i]!.map((f) => [...f.values()].reduce((a, b) => a + b, 0)),
  }));
  const avgLength = FIELDS.map((_, i) => Math.max(1, docs.reduce((sum, d) => sum + d.lengths[i]!, 0) / docs.length));
  const df = new Map<string, number>();
  for (const doc of docs) {
    const seen = new Set<string>();
    doc.fields.forEach((field, i) => {
      // Every operation of a toolset shares its text: counting it would make "billing" as common as "get".
      if (FIELDS[i]!.name === "toolset") return;
      for (const term of field.keys()) seen.add(term);
    });
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const index = { docs, avgLength, df, asks };
  indexCache.set(ops, index as unknown as Index<Searchable>);
  return index;
}

/** BM25F score of one document for the query terms, and how many of them it matched. */
function scoreDoc<T extends Searchable>(index: Index<T>, doc: Doc<T>, wanted: Map<string, number>): { score: number; matched: number } {
  let score = 0;
  let matched = 0;
  const n = index.docs.length;
  for (const [term, weight] of wanted) {
    let tf = 0;
    FIELDS.forEach((field, i) => {
      const count = doc.fields[i]!.get(term);
      if (count) tf += (field.weight * count) / (1 - field.b + (field.b * doc.lengths[i]!) / index.avgLength[i]!);
    });
    if (!tf) continue;
    matched++;
    const df = index.df.get(term) ?? 0;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    score += (weight * idf * tf) / (K1 + tf);
  }
  return { score, matched };
}

/** How much an entry's kind fits what the request asks: reads for questions, writes for changes. */
function intentFactor(effect: Effect, intent: ReturnType<typeof intentOf>): number {
  if (intent === "read") return effect === "read" ? 1.15 : effect === "write" ? 0.9 : 0.75;
  if (intent === "destroy") return effect === "destructive" ? 1.1 : 1;
  if (intent === "write") return effect === "read" ? 0.9 : effect === "write" ? 1 : 0.95;
  return effect === "destructive" ? 0.9 : 1;
}

/**
 * Query terms with their weights. An environment named alone ("…on acme production") says where, not what: it
 * weighs little, unless both are named ("staging to production").
 */
function weighTerms(query: string): Map<string, number> {
  const wanted = new Map(terms(query).map((t) => [t, 1]));
  const both = wanted.has("production") && wanted.has("staging");
  if (!both) for (const env of ["production", "staging"]) if (wanted.has(env)) wanted.set(env, ENVIRONMENT_WEIGHT);
  return wanted;
}

/** Operations and commands, best match first. */
export function searchCatalog<T extends Searchable>(ops: readonly T[], query: string, toolset?: string): SearchHit<T>[] {
  const wanted = weighTerms(query);
  const index = indexOf(ops);
  const intent = intentOf(query);
  const thing = numberedThing(query);
  const hits: (SearchHit<T> & { doc: number })[] = [];
  for (const [i, doc] of index.docs.entries()) {
    if (toolset && doc.entry.op.toolset !== toolset) continue;
    if (!wanted.size) {
      // Browsing a toolset: its operations, not every command they run.
      if (!doc.entry.command) hits.push({ ...doc.entry, score: 0, doc: i });
      continue;
    }
    const { score, matched } = scoreDoc(index, doc, wanted);
    if (!matched) continue;
    // Destructive entries lose ties: among equal matches the read (or the harmless write) comes first.
    const safety = doc.entry.effect === "destructive" ? 0.98 : doc.entry.effect === "write" ? 0.99 : 1;
    // A dedicated operation beats the generic command that does the same (delete_site over the remove command).
    const directness = doc.entry.command ? COMMAND_FACTOR : 1;
    const fit = opposition(wanted, doc.fields[0]!) * byId(thing, doc.entry);
    hits.push({ ...doc.entry, score: score * intentFactor(doc.entry.effect, intent) * safety * directness * fit, doc: i });
  }
  return blendAsksModel(index, hits, [...wanted.keys()], query).sort((a, b) => b.score - a.score || nameOf(a).localeCompare(nameOf(b)));
}

/**
 * BM25 scaled to the best hit's 1, plus the asks model's probability of each entry, plus the share of the entry's name
 * that the request spells out as is (stemming makes "list backups" as close to get_backup as to list_backups).
 */
function blendAsksModel<T extends Searchable>(
  index: Index<T>,
  hits: (SearchHit<T> & { doc: number })[],
  query: string[],
  raw: string,
): SearchHit<T>[] {
  const best = Math.max(0, ...hits.map((h) => h.score));
  if (!best) return hits.map(({ doc: _, ...hit }) => hit);
  const p = askProbabilities(index.asks, query);
  const written = new Set(raw.toLowerCase().split(/[^a-z0-9]+/));
  return hits.map(({ doc, ...hit }) => ({
    ...hit,
    score: hit.score / best + ASKS_MODEL_WEIGHT * p[doc]! + EXACT_NAME_WEIGHT * spelledOut(hit, written),
  }));
}

/** The share of an entry's name words (of three letters or more) found as written in the request. */
function spelledOut(entry: SearchEntry, written: Set<string>): number {
  const words = entry.command ? entry.command.info.name.split(/[-_]/) : entry.op.name.split("_");
  return words.filter((w) => w.length > 2 && written.has(w)).length / words.length;
}

/** An entry named for the opposite of what is asked ("deactivate" for "set up and enable") falls back. */
function opposition(wanted: Map<string, number>, nameTerms: Map<string, number>): number {
  const any = (terms: string[], where: Map<string, number>) => terms.some((t) => where.has(t));
  for (const [a, b] of OPPOSITES) {
    if (any(a, wanted) && !any(b, wanted) && any(b, nameTerms) && !any(a, nameTerms)) return OPPOSITE_FACTOR;
    if (any(b, wanted) && !any(a, wanted) && any(a, nameTerms) && !any(b, nameTerms)) return OPPOSITE_FACTOR;
  }
  return 1;
}

/** "invoice 2231": an operation that takes that thing's id in its path (/invoices/{invoice_id}) fits best. */
function byId(thing: string | undefined, entry: SearchEntry): number {
  if (!thing || entry.command) return 1;
  const path = entry.op.path;
  return path.includes(`{${thing}_id}`) || new RegExp(`/${thing}s?/\\{`).test(path) ? ID_FACTOR : 1;
}

/** Operations only, best match first. */
export function searchOperations<T extends Searchable>(ops: readonly T[], query: string, toolset?: string): SearchHit<T>[] {
  return searchCatalog(ops, query, toolset).filter((hit) => !hit.command);
}

export function nameOf(entry: SearchEntry): string {
  return entry.command ? `${entry.op.name}:${entry.command.info.name}` : entry.op.name;
}

const ASKS = FIELDS.findIndex((f) => f.name === "asks");
const SPREAD = 8;

/**
 * The example requests name made-up sites and people ("the bakery site", "tom"): a word found only there, across
 * many operations, says nothing about which one is meant, and a request naming its own site would match them all.
 */
function dropSpreadAskTerms(docs: Map<string, number>[][]): void {
  const elsewhere = new Set<string>();
  const spread = new Map<string, number>();
  for (const fields of docs) {
    fields.forEach((field, i) => {
      if (i !== ASKS) for (const term of field.keys()) elsewhere.add(term);
    });
    for (const term of fields[ASKS]!.keys()) spread.set(term, (spread.get(term) ?? 0) + 1);
  }
  for (const fields of docs) {
    for (const term of [...fields[ASKS]!.keys()]) {
      if (!elsewhere.has(term) && spread.get(term)! >= SPREAD) fields[ASKS]!.delete(term);
    }
  }
}
