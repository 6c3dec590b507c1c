/**
 * The picture of a difference: before (left) and after (right) side by side at the same scale, changed pixels
 * tinted red on the after side, and every changed region framed in red on both sides.
 */
import { newRaster, type Raster } from "./codec.js";
import type { Region } from "./regions.js";
import { fitWithin, resizeInto } from "./resize.js";

export const DIFF_MAX_WIDTH = 1280;
export const DIFF_MAX_HEIGHT = 4000;
const GUTTER = 16;
const FRAME = 3;
const RED = [230, 20, 20] as const;

/**
 * Most pixels in the picture: models see about this much of an image (Claude scales larger ones down to ~1.15
 * megapixels), so more would only cost memory and bytes.
 */
export const DIFF_MAX_PIXELS = 1_200_000;

/** The size of one side of the diff image for a compared area of width × height. */
export function panelSize(width: number, height: number): { width: number; height: number } {
  const fit = fitWithin(width, height, Math.floor((DIFF_MAX_WIDTH - GUTTER) / 2), DIFF_MAX_HEIGHT);
  const pixels = (fit.width * 2 + GUTTER) * fit.height;
  if (pixels <= DIFF_MAX_PIXELS) return fit;
  const scale = Math.sqrt(DIFF_MAX_PIXELS / pixels);
  return fitWithin(width, height, Math.floor(fit.width * scale), Math.floor(fit.height * scale));
}

function tint(canvas: Raster, left: number, mask: Uint8Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const p = (y * canvas.width + left + x) * 4;
      canvas.data[p] = (canvas.data[p]! + RED[0]) >> 1;
      canvas.data[p + 1] = (canvas.data[p + 1]! + RED[1]) >> 1;
      canvas.data[p + 2] = (canvas.data[p + 2]! + RED[2]) >> 1;
    }
  }
}

function fillRect(canvas: Raster, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = Math.max(0, y0); y < Math.min(canvas.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(canvas.width, x1); x++) {
      const p = (y * canvas.width + x) * 4;
      canvas.data[p] = RED[0];
      canvas.data[p + 1] = RED[1];
      canvas.data[p + 2] = RED[2];
    }
  }
}

function frame(canvas: Raster, left: number, panelWidth: number, r: Region, scale: number): void {
  const x0 = left + Math.max(0, Math.floor(r.x * scale) - FRAME);
  const y0 = Math.floor(r.y * scale) - FRAME;
  const x1 = left + Math.min(panelWidth, Math.ceil((r.x + r.width) * scale) + FRAME);
  const y1 = Math.ceil((r.y + r.height) * scale) + FRAME;
  fillRect(canvas, x0, y0, x1, y0 + FRAME);
  fillRect(canvas, x0, y1 - FRAME, x1, y1);
  fillRect(canvas, x0, y0, x0 + FRAME, y1);
  fillRect(canvas, x1 - FRAME, y0, x1, y1);
}

export interface DiffPicture {
  before: Raster;
  after: Raster;
  /** From diffRasters, at panelSize of the compared area. */
  mask: Uint8Array;
  regions: readonly Region[];
  /** The compared area (the larger of the two captures). */
  width: number;
  height: number;
}

export function drawDiff(p: DiffPicture): Raster {
  const panel = panelSize(p.width, p.height);
  const scale = panel.width / p.width;
  const canvas = newRaster(panel.width * 2 + GUTTER, panel.height, 0xffd0d0d0);
  // Each side is scaled like the compared area, so that a shorter capture keeps its proportions.
  for (const [raster, left] of [[p.before, 0], [p.after, panel.width + GUTTER]] as const) {
    blitWhite(canvas, left, panel);
    const width = Math.min(panel.width, Math.max(1, Math.round(raster.width * scale)));
    resizeInto(raster, canvas, left, width, Math.min(panel.height, Math.max(1, Math.round(raster.height * scale))));
  }
  tint(canvas, panel.width + GUTTER, p.mask, panel.width, panel.height);
  for (const region of p.regions) {
    frame(canvas, 0, panel.width, region, scale);
    frame(canvas, panel.width + GUTTER, panel.width, region, scale);
  }
  return canvas;
}

/** A blank page where a capture is shorter than the other. */
function blitWhite(canvas: Raster, left: number, panel: { width: number; height: number }): void {
  for (let y = 0; y < panel.height; y++) canvas.data.fill(255, (y * canvas.width + left) * 4, (y * canvas.width + left + panel.width) * 4);
}
