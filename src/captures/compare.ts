/**
 * compare_captures: two captures of one environment, page by page: the share of pixels that changed, the changed
 * regions, and for changed pages one picture of the difference (before | after, changes marked in red).
 */
import { decodeImage, type Raster } from "./codec.js";
import { diffRasters } from "./diff.js";
import { drawDiff, panelSize } from "./diff-image.js";
import { encodeWithin, type EncodedImage } from "./encode.js";
import { captureFacts, loadCaptures, loadPageBytes, where, type CaptureDeps } from "./load.js";
import { oneAtATime } from "./queue.js";
import { normalisePage, pickPair, type CaptureRecord, type PairChoice } from "./select.js";

export const DIFF_MAX_BYTES = 300_000;
const MAX_REGIONS = 8;

export interface CompareRequest extends PairChoice {
  site_id: number;
  environment: string;
  pages?: string[];
  threshold: number;
  include_aa: boolean;
  /** Changed share (percent) above which a page is flagged. */
  limit_percent?: number;
  /** Most diff pictures to attach. */
  images: number;
}

export interface PageOptions {
  threshold: number;
  includeAA: boolean;
  picture: boolean;
}

export interface PageComparison {
  row: Record<string, unknown>;
  picture?: EncodedImage;
}

/** 0.0042 % stays visible; 12.3456 % reads 12.35 %. */
export function percent(part: number, whole: number): number {
  const p = (part / whole) * 100;
  return p === 0 ? 0 : p >= 1 ? Math.round(p * 100) / 100 : Number(p.toPrecision(2));
}

/** Decodes, diffs and draws; the decoded captures are unreachable once this returns, before the picture is encoded. */
async function diffPage(beforeBytes: Uint8Array, afterBytes: Uint8Array, opts: PageOptions): Promise<{ row: Record<string, unknown>; drawn?: Raster }> {
  const before = await decodeImage(beforeBytes);
  const after = await decodeImage(afterBytes);
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const panel = panelSize(width, height);
  const diff = await diffRasters(before, after, { threshold: opts.threshold, includeAA: opts.includeAA, maskWidth: panel.width, maskHeight: panel.height });
  const row: Record<string, unknown> = {
    changed_percent: percent(diff.changedPixels, width * height),
    changed_pixels: diff.changedPixels,
    size: before.width === after.width && before.height === after.height ? `${width}×${height}` : `${before.width}×${before.height} → ${after.width}×${after.height}`,
    regions: diff.regions.slice(0, MAX_REGIONS),
  };
  if (diff.regions.length > MAX_REGIONS) row.more_regions = diff.regions.length - MAX_REGIONS;
  if (!diff.changedPixels || !opts.picture) return { row };
  return { row, drawn: drawDiff({ before, after, mask: diff.mask, regions: diff.regions, width, height }) };
}

/** Compares one page's two images (bytes as fetched). */
export function comparePageImages(beforeBytes: Uint8Array, afterBytes: Uint8Array, opts: PageOptions): Promise<PageComparison> {
  return oneAtATime(async () => {
    const { row, drawn } = await diffPage(beforeBytes, afterBytes, opts);
    return drawn ? { row, picture: await encodeWithin(drawn, "jpeg", DIFF_MAX_BYTES) } : { row };
  });
}

function pagesToCompare(before: CaptureRecord, after: CaptureRecord, wanted?: string[]) {
  const inBefore = new Map(before.pages.map((p) => [normalisePage(p.page), p]));
  const inAfter = new Map(after.pages.map((p) => [normalisePage(p.page), p]));
  const names = wanted?.length ? [...new Set(wanted.map(normalisePage))] : [...inAfter.keys()].filter((p) => inBefore.has(p));
  const both = names.filter((p) => inBefore.has(p) && inAfter.has(p)).map((p) => ({ page: p, before: inBefore.get(p)!, after: inAfter.get(p)! }));
  const missing = names.filter((p) => !inBefore.has(p) || !inAfter.has(p));
  const unmatched = wanted?.length ? [] : [...new Set([...inBefore.keys(), ...inAfter.keys()])].filter((p) => !(inBefore.has(p) && inAfter.has(p)));
  return { both, missing: [...missing, ...unmatched] };
}

export interface CompareOutcome {
  data: Record<string, unknown>;
  pictures: EncodedImage[];
}

export async function compareCaptures(req: CompareRequest, deps: CaptureDeps): Promise<CompareOutcome> {
  const at = where(req.site_id, req.environment);
  const [before, after] = pickPair(await loadCaptures(deps, req.site_id, req.environment), req, at);
  const { both, missing } = pagesToCompare(before, after, req.pages);
  const rows: Record<string, unknown>[] = [];
  const pictures: EncodedImage[] = [];
  // One page at a time: two decoded captures in memory at most.
  for (const [index, page] of both.entries()) {
    await deps.progress?.(index, both.length, `comparing ${page.page}`);
    const [a, b] = await Promise.all([loadPageBytes(deps, before, page.before), loadPageBytes(deps, after, page.after)]);
    const result = await comparePageImages(a, b, { threshold: req.threshold, includeAA: req.include_aa, picture: pictures.length < req.images });
    const row: Record<string, unknown> = { page: page.page, ...result.row };
    if (req.limit_percent !== undefined) row.over_limit = (row.changed_percent as number) > req.limit_percent;
    if (result.picture) {
      pictures.push(result.picture);
      row.picture = `image ${pictures.length}: ${result.picture.width}×${result.picture.height}, ${result.picture.bytes.length} bytes`;
    } else if (result.row.changed_pixels) row.picture = "not attached (images limit); compare this page alone to see it";
    rows.push(row);
  }
  const changed = rows.filter((r) => (r.changed_pixels as number) > 0);
  const data: Record<string, unknown> = {
    site_id: req.site_id,
    environment: req.environment,
    before: captureFacts(before),
    after: captureFacts(after),
    threshold: req.threshold,
    pages: rows,
    changed_pages: changed.length,
    max_changed_percent: Math.max(0, ...rows.map((r) => r.changed_percent as number)),
  };
  if (missing.length) data.not_compared = missing.map((p) => `${p} (not in both captures)`);
  if (req.limit_percent !== undefined) data.over_limit = rows.some((r) => r.over_limit);
  return { data, pictures };
}
