/**
 * Changed regions: changed pixels are counted on a coarse grid of cells; cells near each other are joined into
 * regions, reported as bounding boxes in capture pixels, largest change first.
 */

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
  changed_pixels: number;
}

const CELL = 16;
/** Cells this many cells apart (or closer) belong to one region: gaps under ~32 px do not split a change. */
const JOIN = 2;

export class ChangeGrid {
  readonly cols: number;
  readonly rows: number;
  private readonly counts: Uint32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.cols = Math.ceil(width / CELL);
    this.rows = Math.ceil(height / CELL);
    this.counts = new Uint32Array(this.cols * this.rows);
  }

  mark(x: number, y: number): void {
    this.counts[((y / CELL) | 0) * this.cols + ((x / CELL) | 0)]!++;
  }

  /** Regions, largest first. */
  regions(): Region[] {
    const { cols, rows, counts } = this;
    const seen = new Uint8Array(counts.length);
    const out: Region[] = [];
    const stack: number[] = [];
    for (let start = 0; start < counts.length; start++) {
      if (!counts[start] || seen[start]) continue;
      let minC = cols, minR = rows, maxC = 0, maxR = 0, total = 0;
      seen[start] = 1;
      stack.push(start);
      while (stack.length) {
        const cell = stack.pop()!;
        const c = cell % cols;
        const r = (cell / cols) | 0;
        total += counts[cell]!;
        minC = Math.min(minC, c); maxC = Math.max(maxC, c);
        minR = Math.min(minR, r); maxR = Math.max(maxR, r);
        for (let dr = -JOIN; dr <= JOIN; dr++) {
          const nr = r + dr;
          if (nr < 0 || nr >= rows) continue;
          for (let dc = -JOIN; dc <= JOIN; dc++) {
            const nc = c + dc;
            if (nc < 0 || nc >= cols) continue;
            const next = nr * cols + nc;
            if (counts[next] && !seen[next]) {
              seen[next] = 1;
              stack.push(next);
            }
          }
        }
      }
      const x = minC * CELL;
      const y = minR * CELL;
      out.push({
        x,
        y,
        width: Math.min(this.width, (maxC + 1) * CELL) - x,
        height: Math.min(this.height, (maxR + 1) * CELL) - y,
        changed_pixels: total,
      });
    }
    return out.sort((a, b) => b.changed_pixels - a.changed_pixels);
  }
}
