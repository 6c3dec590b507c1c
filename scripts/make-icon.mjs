#!/usr/bin/env node
/**
 * Draws icon.png (512×512, RGBA, the size mcpb recommends) for the Claude Desktop bundle: a navy rounded square with a white "C" ring and a
 * small anchor dot. Plain node (zlib + CRC32), no image library; run `node scripts/make-icon.mjs` to regenerate.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const SS = 4; // supersampling per axis
/** The drawing below is laid out on a 256-unit square; each sample point is scaled onto it. */
const UNIT = SIZE / 256;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Colour (r,g,b,a in 0..1) of one sample point. */
function sample(px, py) {
  const x = px / UNIT;
  const y = py / UNIT;
  // Rounded square background.
  const r = 52;
  const qx = Math.max(Math.abs(x - 128) - (128 - r - 4), 0);
  const qy = Math.max(Math.abs(y - 128) - (128 - r - 4), 0);
  if (Math.hypot(qx, qy) > r) return [0, 0, 0, 0];
  const t = y / 256;
  let col = [0.06 + 0.05 * t, 0.16 + 0.12 * t, 0.33 + 0.14 * t];
  // "C": a ring from 45° to 315° (gap on the right).
  const dx = x - 128;
  const dy = y - 128;
  const dist = Math.hypot(dx, dy);
  const angle = Math.abs(Math.atan2(dy, dx)) * (180 / Math.PI);
  const inRing = dist > 60 && dist < 86 && angle > 42;
  // Rounded ends of the ring.
  const end = (deg) => {
    const a = (deg * Math.PI) / 180;
    return Math.hypot(x - (128 + 73 * Math.cos(a)), Math.abs(y - 128) - 73 * Math.sin(a)) < 13;
  };
  const dot = Math.hypot(dx, dy) < 20;
  if (inRing || end(42) || dot) col = [1, 1, 1];
  return [...col, 1];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const [cr, cg, cb, ca] = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        r += cr * ca;
        g += cg * ca;
        b += cb * ca;
        a += ca;
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    raw[o] = a ? Math.round((r / a) * 255) : 0;
    raw[o + 1] = a ? Math.round((g / a) * 255) : 0;
    raw[o + 2] = a ? Math.round((b / a) * 255) : 0;
    raw[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = new URL("../icon.png", import.meta.url);
writeFileSync(out, png);
process.stdout.write(`icon.png: ${png.length} bytes\n`);
