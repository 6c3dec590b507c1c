/**
 * A naive Bayes model of what people ask for each entry: how likely a request's words are under the entry's asks
 * and its name, summary and words. BM25 rewards any shared word; this weighs a word by how much more often it comes
 * with one entry than with the others, so the incidental words of a request ("…he doesn't work there anymore")
 * count for little and the words that name the task count for much.
 */
/** Added to every count (Laplace smoothing): small, as most words of a request are absent from most entries. */
const SMOOTHING = 0.05;
/** How many examples an entry's own name, summary and words count as, beside each of its asks. */
const SELF_WEIGHT = 2;

export interface AsksModel {
  /** Per entry: term → in how many of its examples it occurs. */
  counts: Map<string, number>[];
  /** Per entry: the sum of its counts. */
  totals: number[];
  vocabulary: Set<string>;
}

/** `examples[i]`: the terms of each ask of entry i; `selves[i]`: the terms of its name, summary and words. */
export function buildAsksModel(examples: readonly (readonly string[])[][], selves: readonly (readonly string[])[]): AsksModel {
  const vocabulary = new Set<string>();
  const counts = examples.map((asks, i) => {
    const count = new Map<string, number>();
    const add = (words: readonly string[], weight: number) => {
      for (const term of new Set(words)) {
        count.set(term, (count.get(term) ?? 0) + weight);
        vocabulary.add(term);
      }
    };
    for (const ask of asks) add(ask, 1);
    add(selves[i]!, SELF_WEIGHT);
    return count;
  });
  const totals = counts.map((count) => [...count.values()].reduce((a, b) => a + b, 0));
  return { counts, totals, vocabulary };
}

/** P(entry | request) for every entry, from the request's known terms; all equal when it has none. */
export function askProbabilities(model: AsksModel, query: readonly string[]): Float64Array {
  const known = [...new Set(query)].filter((t) => model.vocabulary.has(t));
  const size = model.vocabulary.size;
  const logs = model.counts.map((count, i) => {
    const denominator = Math.log(model.totals[i]! + SMOOTHING * size);
    return known.reduce((sum, t) => sum + Math.log((count.get(t) ?? 0) + SMOOTHING) - denominator, 0);
  });
  const max = Math.max(...logs);
  const exps = logs.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return Float64Array.from(exps, (e) => e / total);
}
