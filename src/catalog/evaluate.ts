/**
 * How well search finds what a request needs: the share of phrasings whose top-k holds an entry that reaches one
 * of the expected endpoints (and, when the phrasing names a command, that command). Used by the search-quality test
 * and the bench, on the phrasing sets in test/data.
 */
import type { SearchResult } from "./results.js";
import { nameOf, searchCatalog, type SearchEntry, type Searchable } from "./search.js";


export interface Phrasing {
  q: string;
  /** "METHOD /path" of every endpoint that does what was asked. */
  endpoints: string[];
  /** The command of run_site_command / run_bulk_tool that does it, when one does. */
  command?: string;
}

export interface SearchScore {
  items: number;
  top1: number;
  top3: number;
}

const endpointOf = (op: Searchable & { method: string }) => `${op.method} ${op.path}`;

/** Whether an entry does what the phrasing asks. */
export function answers(entry: SearchEntry<Searchable & { method: string }>, item: Phrasing): boolean {
  if (entry.command) {
    if (item.command !== undefined && item.command !== entry.command.info.name) return false;
    return entry.command.via.some((v) => item.endpoints.includes(endpointOf(v.op)));
  }
  // The bare operation that runs many commands is not the answer to a request for one of them.
  if (item.command !== undefined && entry.op.commands) return false;
  return item.endpoints.includes(endpointOf(entry.op));
}

/** The rank (0-based) of the first entry that answers, or -1 when none of the first `depth` does. */
export function rankOf<T extends Searchable & { method: string }>(ops: readonly T[], item: Phrasing, depth = 3): number {
  return searchCatalog(ops, item.q)
    .slice(0, depth)
    .findIndex((hit) => answers(hit, item));
}

export function scoreSearch<T extends Searchable & { method: string }>(ops: readonly T[], items: readonly Phrasing[]): SearchScore {
  const score: SearchScore = { items: items.length, top1: 0, top3: 0 };
  for (const item of items) {
    const rank = rankOf(ops, item);
    if (rank === 0) score.top1++;
    if (rank >= 0) score.top3++;
  }
  return score;
}

/** The first names search returns for a request (for the misses a tuning run prints). */
export function topNames<T extends Searchable>(ops: readonly T[], query: string, depth = 3): string[] {
  return searchCatalog(ops, query)
    .slice(0, depth)
    .map((hit) => nameOf(hit));
}

/** What judging a result needs of each operation: its endpoint, and whether it runs one of several commands. */
export type OperationFacts = ReadonlyMap<string, { endpoint: string; runsCommands: boolean }>;

export function operationFacts(ops: readonly (Searchable & { method: string })[]): OperationFacts {
  return new Map(ops.map((op) => [op.name, { endpoint: endpointOf(op), runsCommands: !!op.commands }]));
}

/** Whether one search_operations result (as a client receives it) does what the phrasing asks. */
export function resultAnswers(result: SearchResult, item: Phrasing, facts: OperationFacts): boolean {
  const ways = [result, ...(result.or ?? [])];
  return ways.some((way) => {
    const op = facts.get(way.name);
    if (!op || !item.endpoints.includes(op.endpoint)) return false;
    const command = way.arguments ? Object.values(way.arguments)[0] : undefined;
    if (item.command === undefined) return true;
    // A request for one command is answered by that command, or by an operation that does the same without one.
    return command === undefined ? !op.runsCommands : command === item.command;
  });
}

/** Top-1 and top-3 counts over the result lists search_operations gave for each phrasing, in order. */
export function scoreResults(lists: readonly (readonly SearchResult[])[], items: readonly Phrasing[], facts: OperationFacts): SearchScore {
  const score: SearchScore = { items: items.length, top1: 0, top3: 0 };
  items.forEach((item, i) => {
    const rank = (lists[i] ?? []).slice(0, 3).findIndex((r) => resultAnswers(r, item, facts));
    if (rank === 0) score.top1++;
    if (rank >= 0) score.top3++;
  });
  return score;
}
