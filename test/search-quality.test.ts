/**
 * Does search_operations find what an agency owner asks for, phrased their way? Measured over MCP as top-1/top-3
 * hit rates on the sets in test/data: the original 50 phrasings, a tuning set (70) and a held-out set (130) written by
 * a helper who had not read the code, a second helper's dev2 (140) and check2 (80), a third's dev3 (120) and a fourth's
 * fresh set (120). The held-out, check2 and fresh sets were never used for tuning: only their totals are computed
 * here, never printed item by item. Floors are counts, not timings.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASKS } from "../src/asks/index.js";
import { operationFacts, resultAnswers, scoreResults, type Phrasing } from "../src/catalog/evaluate.js";
import type { SearchResult } from "../src/catalog/results.js";
import { indexOperations } from "../src/operations/registry.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { data, useHarness } from "./harness.js";

const load = (set: string): Phrasing[] =>
  JSON.parse(readFileSync(new URL(`./data/search-${set}.json`, import.meta.url), "utf8")).items;

/**
 * Measured at the last tuning commit (npm run bench) minus a small margin. The phrasings of original, tuning, dev*
 * and train* are also asks of the operations they name, so those sets measure recall of what was learned; check2 (a
 * second helper's, only ever scored as totals), check3, held-out and fresh* (never tuned on) measure generalization:
 * top-1 / top-3 there were check2 69 / 75 of 80, check3 505 / 560 of 600, held-out 114 / 126 of 130, fresh 109 / 118,
 * fresh2 109 / 118, fresh3 109 / 117 and fresh4 108 / 117 of 120 (see test/data/README.md).
 */
const FLOORS = {
  original: { top1: 42, top3: 48 },
  tuning: { top1: 65, top3: 68 },
  dev: { top1: 119, top3: 124 },
  dev2: { top1: 132, top3: 136 },
  dev3: { top1: 114, top3: 116 },
  traina: { top1: 151, top3: 156 },
  trainb: { top1: 155, top3: 157 },
  trainc: { top1: 149, top3: 154 },
  traind: { top1: 143, top3: 146 },
  traine: { top1: 142, top3: 146 },
  trainf: { top1: 138, top3: 145 },
  traing: { top1: 137, top3: 143 },
  trainh: { top1: 142, top3: 146 },
  traini: { top1: 145, top3: 146 },
  trainj: { top1: 142, top3: 145 },
  traink: { top1: 142, top3: 146 },
  check2: { top1: 65, top3: 72 },
  heldout: { top1: 109, top3: 122 },
  fresh: { top1: 104, top3: 114 },
  fresh2: { top1: 104, top3: 114 },
  fresh3: { top1: 104, top3: 113 },
  fresh4: { top1: 103, top3: 113 },
  check3: { top1: 490, top3: 548 },
};

const facts = operationFacts(indexOperations(ALL_OPERATIONS));
const h = useHarness({ toolsets: "default" });

async function topThree(query: string): Promise<SearchResult[]> {
  return data(await h.call("search_operations", { query, limit: 3 })).results;
}

describe("search quality", () => {
  it("every operation and every command carries the requests people make for it (asks)", () => {
    // An operation that runs several commands is asked for through them: requests for a task belong to its command,
    // or the bare tool would outrank the command that does it.
    const entries = indexOperations(ALL_OPERATIONS).flatMap((op) =>
      op.commands
        ? op.commands.list.map((c) => ({ name: `${op.name}:${c.name}`, asks: c.asks }))
        : [{ name: op.name, asks: op.asks }],
    );
    const thin = entries.filter((e) => (e.asks?.length ?? 0) < 8).map((e) => e.name);
    expect(thin).toEqual([]);
    const bare = indexOperations(ALL_OPERATIONS).filter((op) => op.commands && op.asks?.length).map((op) => op.name);
    expect(bare).toEqual([]);
  });

  it("every list of asks (src/asks) names an operation or a command", () => {
    const names = new Set(
      indexOperations(ALL_OPERATIONS).flatMap((op) => [op.name, ...(op.commands?.list ?? []).map((c) => `command:${c.name}`)]),
    );
    expect([...ASKS.keys()].filter((name) => !names.has(name))).toEqual([]);
  });

  it("an ask belongs to one entry: a request written for one task is not another's too", () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const op of indexOperations(ALL_OPERATIONS)) {
      const lists: [string, readonly string[] | undefined][] = [[op.name, op.asks], ...(op.commands?.list ?? []).map((c) => [`command ${c.name}`, c.asks] as [string, readonly string[] | undefined])];
      for (const [entry, asks] of lists) {
        for (const ask of asks ?? []) {
          const key = ask.toLowerCase();
          const first = owner.get(key);
          if (first !== undefined && first !== entry) shared.push(`"${ask}": ${first} and ${entry}`);
          else owner.set(key, entry);
        }
      }
    }
    expect(shared).toEqual([]);
  });

  it("every phrasing names endpoints that exist", () => {
    const endpoints = new Set([...facts.values()].map((f) => f.endpoint));
    for (const set of ["original", "tuning", "dev", "dev2", "dev3", "traina", "trainb", "trainc", "traind", "traine", "trainf", "traing", "trainh", "traini", "trainj", "traink", "check2", "check3", "heldout", "fresh", "fresh2", "fresh3", "fresh4"]) {
      for (const item of load(set)) for (const e of item.endpoints) expect(endpoints.has(e), `${set}: ${e}`).toBe(true);
    }
  });

  for (const set of ["original", "tuning", "dev", "dev2", "dev3", "traina", "trainb", "trainc", "traind", "traine", "trainf", "traing", "trainh", "traini", "trainj", "traink"] as const) {
    it(`${set} phrasings: top-1 ≥ ${FLOORS[set].top1}, top-3 ≥ ${FLOORS[set].top3}`, async () => {
      const items = load(set);
      const lists = [];
      const misses: string[] = [];
      for (const item of items) {
        const results = await topThree(item.q);
        lists.push(results);
        if (!results.some((r) => resultAnswers(r, item, facts))) {
          misses.push(`"${item.q}" → ${results.map((r) => r.name + (r.arguments ? `:${Object.values(r.arguments)[0]}` : "")).join(", ")}`);
        }
      }
      const score = scoreResults(lists, items, facts);
      console.log(`search ${set}: top-1 ${score.top1}/${score.items}, top-3 ${score.top3}/${score.items}${misses.length ? `\n  ${misses.join("\n  ")}` : ""}`);
      expect(score.top1).toBeGreaterThanOrEqual(FLOORS[set].top1);
      expect(score.top3).toBeGreaterThanOrEqual(FLOORS[set].top3);
    });
  }

  for (const set of ["check2", "check3", "heldout", "fresh", "fresh2", "fresh3", "fresh4"] as const) {
    it(`${set} phrasings (totals only): top-1 ≥ ${FLOORS[set].top1}, top-3 ≥ ${FLOORS[set].top3}`, async () => {
      const items = load(set);
      const lists = [];
      for (const item of items) lists.push(await topThree(item.q));
      const score = scoreResults(lists, items, facts);
      console.log(`search ${set}: top-1 ${score.top1}/${score.items}, top-3 ${score.top3}/${score.items}`);
      expect(score.top1).toBeGreaterThanOrEqual(FLOORS[set].top1);
      expect(score.top3).toBeGreaterThanOrEqual(FLOORS[set].top3);
    });
  }

  it("a loaded tool is named, not repeated with its schema; a command answers with the tool and its arguments", async () => {
    const [listSites] = await topThree("show me all our websites");
    expect(listSites).toMatchObject({ name: "list_sites", loaded_as_tool: true });
    expect(listSites).not.toHaveProperty("input");
    const [scan] = await topThree("scan a site for PHP errors");
    expect(scan).toMatchObject({ name: "run_site_command", arguments: { command: "scan-errors" }, loaded_as_tool: true });
    // Nearly every entry shares a word with a request: only those close to the best are counted.
    const { close_matches } = data(await h.call("search_operations", { query: "force https on bakery.com", limit: 2 }));
    expect(close_matches).toBeGreaterThanOrEqual(2);
    expect(close_matches).toBeLessThan(20);
    const [notLoaded] = await topThree("rotate my application password");
    expect(notLoaded!.name).toBe("rotate_application_password");
    expect(notLoaded!.input).toMatchObject({ type: "object" });
  });

  it("for a question, reads outrank writes and destructive operations", async () => {
    const [first] = await topThree("invoices for an account");
    expect(first!.effect).toBe("read");
    const backups = (await topThree("list backups")).map((r) => r.name);
    expect(backups[0]).toBe("list_backups");
  });
});
