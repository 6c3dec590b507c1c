/** Downscaling of RGBA rasters by area averaging (a box filter): sharp enough for page screenshots, one pass. */
import type { Raster } from "./codec.js";

/** The largest size within maxWidth × maxHeight keeping the aspect ratio; never larger than the original. */
export function fitWithin(width: number, height: number, maxWidth: number, maxHeight = Infinity): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Source index ranges [start, end) averaged into each of `to` destination cells (to ≤ from: none is empty). */
function spans(from: number, to: number): Uint32Array {
  const out = new Uint32Array(to + 1);
  for (let i = 0; i <= to; i++) out[i] = Math.floor((i * from) / to);
  return out;
}

/** The raster scaled down to width × height (returned as is when the size is unchanged). */
export function resize(src: Raster, width: number, height: number): Raster {
  if (width === src.width && height === src.height) return src;
  const out: Raster = { width, height, data: new Uint8Array(width * height * 4) };
  resizeInto(src, out, 0, width, height);
  return out;
}

/**
 * Draws src scaled down to width × height (each at most src's) into dst, its left edge at column `left`, without an
 * intermediate raster. Each source pixel is read once, in memory order.
 */
export function resizeInto(src: Raster, dst: Raster, left: number, width: number, height: number): void {
  if (width > src.width || height > src.height) throw new RangeError("resizeInto only scales down");
  const data = src.data;
  const out = dst.data;
  const xs = spans(src.width, width);
  const ys = spans(src.height, height);
  const sums = new Uint32Array(width * 4);
  const rowBytes = src.width * 4;
  for (let j = 0; j < height; j++) {
    sums.fill(0);
    const y0 = ys[j]!;
    const y1 = ys[j + 1]!;
    for (let y = y0; y < y1; y++) {
      let s = 0;
      let next = xs[1]!;
      for (let x = 0, p = y * rowBytes; x < src.width; x++, p += 4) {
        if (x === next) {
          s += 4;
          next = xs[(s >> 2) + 1]!;
        }
        sums[s] += data[p]!;
        sums[s + 1] += data[p + 1]!;
        sums[s + 2] += data[p + 2]!;
        sums[s + 3] += data[p + 3]!;
      }
    }
    const rows = y1 - y0;
    const target = (j * dst.width + left) * 4;
    for (let i = 0, s = 0; i < width; i++, s += 4) {
      const n = rows * (xs[i + 1]! - xs[i]!);
      out[target + s] = (sums[s]! + (n >> 1)) / n;
      out[target + s + 1] = (sums[s + 1]! + (n >> 1)) / n;
      out[target + s + 2] = (sums[s + 2]! + (n >> 1)) / n;
      out[target + s + 3] = (sums[s + 3]! + (n >> 1)) / n;
    }
  }
}
