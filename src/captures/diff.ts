/**
 * Pixel comparison of two captures with pixelmatch (perceptual colour distance, anti-aliasing detection), run in
 * horizontal strips so that no full-size diff buffer is ever allocated: a 1280×3000 page costs two decoded images
 * and a strip. Captures of different sizes are compared on the larger size, the missing part counting as white.
 */
import { newRaster, type Raster } from "./codec.js";
import { ChangeGrid, type Region } from "./regions.js";

export interface DiffOptions {
  /** pixelmatch's per-pixel colour tolerance, 0 (exact) to 1. */
  threshold: number;
  /** Count anti-aliased pixels as changes. */
  includeAA: boolean;
  /** Size of the mask of changed pixels to return, for drawing the diff image at that scale. */
  maskWidth: number;
  maskHeight: number;
}

export interface DiffResult {
  width: number;
  height: number;
  changedPixels: number;
  regions: Region[];
  /** One byte per pixel of maskWidth × maskHeight: 1 where a changed pixel falls. */
  mask: Uint8Array;
}

const STRIP_ROWS = 128;
/** pixelmatch's anti-aliasing test looks two pixels around a pixel: strips overlap by that much. */
const MARGIN = 2;

/** The raster on a white canvas of width × height (itself when already that size). */
export function padTo(src: Raster, width: number, height: number): Raster {
  if (src.width === width && src.height === height) return src;
  const out = newRaster(width, height);
  for (let y = 0; y < src.height; y++) {
    out.data.set(src.data.subarray(y * src.width * 4, (y + 1) * src.width * 4), y * width * 4);
  }
  return out;
}

export async function diffRasters(before: Raster, after: Raster, opts: DiffOptions): Promise<DiffResult> {
  const { default: pixelmatch } = await import("pixelmatch");
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const a = padTo(before, width, height);
  const b = padTo(after, width, height);
  const grid = new ChangeGrid(width, height);
  const mask = new Uint8Array(opts.maskWidth * opts.maskHeight);
  const sx = opts.maskWidth / width;
  const sy = opts.maskHeight / height;
  const rowBytes = width * 4;
  const strip = new Uint8Array((STRIP_ROWS + 2 * MARGIN) * rowBytes);
  let changedPixels = 0;
  for (let y0 = 0; y0 < height; y0 += STRIP_ROWS) {
    const y1 = Math.min(height, y0 + STRIP_ROWS);
    const from = Math.max(0, y0 - MARGIN);
    const to = Math.min(height, y1 + MARGIN);
    const out = strip.subarray(0, (to - from) * rowBytes);
    out.fill(0);
    const found = pixelmatch(a.data.subarray(from * rowBytes, to * rowBytes), b.data.subarray(from * rowBytes, to * rowBytes), out, width, to - from, {
      threshold: opts.threshold,
      includeAA: opts.includeAA,
      diffMask: true,
    });
    if (!found) continue;
    for (let y = y0; y < y1; y++) {
      const base = (y - from) * rowBytes;
      const maskRow = Math.min(opts.maskHeight - 1, (y * sy) | 0) * opts.maskWidth;
      for (let x = 0; x < width; x++) {
        // Only counted differences are drawn in mask mode; they are opaque.
        if (out[base + x * 4 + 3] !== 255) continue;
        changedPixels++;
        grid.mark(x, y);
        mask[maskRow + Math.min(opts.maskWidth - 1, (x * sx) | 0)] = 1;
      }
    }
  }
  return { width, height, changedPixels, regions: changedPixels ? grid.regions() : [], mask };
}
