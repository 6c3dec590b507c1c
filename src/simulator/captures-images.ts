/**
 * The simulator's page screenshots: a believable WordPress page (header with logo and menu, hero, sections of text
 * and cards, footer) drawn in plain rectangles, deterministic per site, environment and page, and encoded as JPEG
 * like the real captures. A page "broken" by an update has lost its styled header: a few bare links remain.
 */
import { createHash } from "node:crypto";

export type PageLook = "normal" | "broken";

export interface PageSpec {
  site: string;
  environment: string;
  page: string;
  look: PageLook;
}

export const PAGE_WIDTH = 1440;
const HEADER = 96;

type Rgb = readonly [number, number, number];

class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4).fill(255);
  }

  rect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        const p = (row * this.width + col) * 4;
        this.data[p] = r;
        this.data[p + 1] = g;
        this.data[p + 2] = b;
      }
    }
  }
}

/** Deterministic numbers from a seed string. */
function numbers(seed: string): () => number {
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 4 > pool.length) {
      pool = createHash("sha256").update(`${seed}:${counter++}`).digest();
      at = 0;
    }
    const n = pool.readUInt32BE(at) / 0x1_0000_0000;
    at += 4;
    return n;
  };
}

const mix = (c: Rgb, to: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(c[i]! * (1 - t) + to[i]! * t)) as unknown as Rgb;
const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [34, 38, 46];
const GREY: Rgb = [170, 176, 186];
const LINK: Rgb = [0, 0, 238];

function brandOf(site: string): Rgb {
  const rand = numbers(`brand:${site}`);
  const palette: Rgb[] = [[33, 94, 170], [176, 52, 62], [31, 128, 96], [118, 64, 160], [214, 120, 28], [22, 120, 140]];
  return palette[Math.floor(rand() * palette.length)]!;
}

function header(c: Canvas, brand: Rgb, staging: boolean, look: PageLook): void {
  if (look === "broken") {
    // The theme's header styles are gone: the menu renders as a plain list of links.
    for (let i = 0; i < 5; i++) c.rect(24, 14 + i * 16, 60 + ((i * 37) % 50), 9, LINK);
    return;
  }
  c.rect(0, 0, c.width, HEADER, brand);
  c.rect(48, 28, 180, 40, mix(brand, WHITE, 0.75));
  for (let i = 0; i < 5; i++) c.rect(c.width - 560 + i * 104, 44, 72, 10, mix(brand, WHITE, 0.9));
  if (staging) c.rect(c.width - 150, 0, 150, 22, [250, 204, 21]);
}

function textLines(c: Canvas, rand: () => number, x: number, y: number, width: number, lines: number): number {
  for (let i = 0; i < lines; i++) c.rect(x, y + i * 26, Math.round(width * (i === lines - 1 ? 0.55 : 0.82 + rand() * 0.18)), 12, GREY);
  return y + lines * 26;
}

function section(c: Canvas, rand: () => number, brand: Rgb, y: number): number {
  c.rect(120, y, 360 + Math.round(rand() * 300), 26, INK);
  y += 58;
  if (rand() < 0.5) return textLines(c, rand, 120, y, c.width - 240, 4 + Math.floor(rand() * 5)) + 56;
  const cardWidth = Math.floor((c.width - 240 - 2 * 40) / 3);
  for (let i = 0; i < 3; i++) {
    const x = 120 + i * (cardWidth + 40);
    c.rect(x, y, cardWidth, 180, mix(brand, WHITE, 0.35 + rand() * 0.4));
    textLines(c, rand, x, y + 204, cardWidth, 3);
  }
  return y + 204 + 3 * 26 + 56;
}

/** The page as RGBA pixels; the size can be forced (benchmarks). */
export function drawPage(spec: PageSpec, size: { width?: number; height?: number } = {}): { width: number; height: number; data: Uint8Array } {
  const rand = numbers(`page:${spec.site}:${spec.page}`);
  const brand = brandOf(spec.site);
  const sections = size.height ? Math.floor((size.height - 1000) / 300) : 2 + Math.floor(rand() * 3);
  const height = size.height ?? 1400 + sections * 150 + Math.round(rand() * 200);
  const c = new Canvas(size.width ?? PAGE_WIDTH, height);
  header(c, brand, spec.environment.toLowerCase() === "staging", spec.look);
  c.rect(0, HEADER, c.width, 420, mix(brand, WHITE, 0.88));
  c.rect(120, HEADER + 96, 760, 36, INK);
  c.rect(120, HEADER + 150, 420 + Math.round(rand() * 200), 36, INK);
  textLines(c, rand, 120, HEADER + 218, 640, 2);
  c.rect(120, HEADER + 300, 200, 52, brand);
  let y = HEADER + 420 + 64;
  for (let i = 0; i < sections && y < height - 420; i++) y = section(c, rand, brand, y);
  c.rect(0, height - 220, c.width, 220, [36, 40, 48]);
  for (let i = 0; i < 4; i++) textLines(c, rand, 120 + i * 300, height - 170, 200, 3);
  return { width: c.width, height, data: c.data };
}

export async function renderPageJpeg(spec: PageSpec): Promise<Buffer> {
  const { encodeImage } = await import("../captures/codec.js");
  return encodeImage(drawPage(spec), "jpeg", 82);
}
