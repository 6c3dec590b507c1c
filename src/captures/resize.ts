/** Downscaling of RGBA rasters by area averaging (a box filter): sharp enough for page screenshots, one pass. */
import type { Raster } from "./codec.js";

/** The largest size within maxWidth × maxHeight keeping the aspect ratio; never larger than the original. */
export function fitWithin(width: number, height: number, maxWidth: number, maxHeight = Infinity): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Source index ranges [start, end) averaged into each of `to` destination cells. */
function spans(from: number, to: number): Uint32Array {
  const out = new Uint32Array(to + 1);
  for (let i = 0; i <= to; i++) out[i] = Math.min(from, Math.floor((i * from) / to));
  for (let i = 1; i <= to; i++) if (out[i]! <= out[i - 1]!) out[i] = Math.min(from, out[i - 1]! + 1);
  return out;
}

/** The raster scaled down to width × height (returned as is when the size is unchanged). */
export function resize(src: Raster, width: number, height: number): Raster {
  if (width === src.width && height === src.height) return src;
  const out: Raster = { width, height, data: new Uint8Array(width * height * 4) };
  resizeInto(src, out, 0, width, height);
  return out;
}

/** Draws src scaled to width × height into dst, its left edge at column `left` (no intermediate raster). */
export function resizeInto(src: Raster, dst: Raster, left: number, width: number, height: number): void {
  const out = dst.data;
  const xs = spans(src.width, width);
  const ys = spans(src.height, height);
  const sums = new Uint32Array(width * 4);
  const rowBytes = src.width * 4;
  for (let j = 0; j < height; j++) {
    sums.fill(0);
    const y0 = ys[j]!;
    const y1 = Math.max(y0 + 1, ys[j + 1]!);
    for (let y = y0; y < y1; y++) {
      const row = y * rowBytes;
      for (let i = 0; i < width; i++) {
        const s = i * 4;
        for (let x = xs[i]!, x1 = Math.max(x + 1, xs[i + 1]!); x < x1; x++) {
          const p = row + x * 4;
          sums[s] += src.data[p]!;
          sums[s + 1] += src.data[p + 1]!;
          sums[s + 2] += src.data[p + 2]!;
          sums[s + 3] += src.data[p + 3]!;
        }
      }
    }
    const rows = y1 - y0;
    const target = (j * dst.width + left) * 4;
    for (let i = 0; i < width; i++) {
      const n = rows * Math.max(1, xs[i + 1]! - xs[i]!);
      const s = i * 4;
      out[target + s] = Math.round(sums[s]! / n);
      out[target + s + 1] = Math.round(sums[s + 1]! / n);
      out[target + s + 2] = Math.round(sums[s + 2]! / n);
      out[target + s + 3] = Math.round(sums[s + 3]! / n);
    }
  }
}
