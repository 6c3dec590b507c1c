/**
 * Image decoding and encoding, loaded on first use so that starting the server costs nothing: JPEG in WebAssembly
 * (libjpeg-turbo to decode, MozJPEG to encode; no native build), PNG with pngjs. Pixels are always RGBA, 4 bytes a
 * pixel, at a 4-byte aligned offset (pixelmatch reads them as 32-bit words).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { CaptureError } from "./errors.js";

export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ImageFormat = "jpeg" | "png";

export const MIME: Record<ImageFormat, string> = { jpeg: "image/jpeg", png: "image/png" };

/** Largest image decoded (a 1920 px wide page 13,000 px tall: 100 MB of pixels); larger ones are refused unread. */
export const MAX_PIXELS = 25_000_000;

export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  return undefined;
}

export function newRaster(width: number, height: number, fill = 0xffffffff): Raster {
  const data = new Uint8Array(width * height * 4);
  if (fill !== 0) new Uint32Array(data.buffer).fill(fill);
  return { width, height, data };
}

function aligned(data: Uint8Array): Uint8Array {
  return data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
}

/** Width and height from the PNG header or the JPEG frame marker, without decoding. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sniffFormat(bytes) === "png" && bytes.length >= 24) return { width: view.getUint32(16), height: view.getUint32(20) };
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

type JpegEncode = (
  image: { width: number; height: number; data: Uint8ClampedArray; colorSpace: "srgb" },
  options: Record<string, unknown>,
) => Promise<ArrayBuffer>;

/**
 * JPEG encoding with MozJPEG compiled to WebAssembly (@jsquash/jpeg): fast, small files, no native build. The .wasm
 * is read from the package (not bundled). Decoding is jpeg-decode.ts. (The pure-JS jpeg-js took 2-3 s and ~145 MB
 * to decode one 1280×3000 capture.)
 */
let compiledEncoder: Promise<{ init: (module: WebAssembly.Module) => Promise<void>; encode: JpegEncode; wasm: WebAssembly.Module }> | undefined;

/**
 * The encoder, on a fresh instance for each image: its heap holds the picture twice and would otherwise stay at the
 * largest size ever encoded for the life of the server. Compiling happens once.
 */
async function jpegEncoder(): Promise<JpegEncode> {
  compiledEncoder ??= (async () => {
    const mod = await import("@jsquash/jpeg/encode.js");
    const file = createRequire(import.meta.url).resolve("@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm");
    const init = mod.init as unknown as (module: WebAssembly.Module) => Promise<void>;
    return { init, encode: mod.default as unknown as JpegEncode, wasm: await WebAssembly.compile(await readFile(file)) };
  })();
  compiledEncoder.catch(() => {
    compiledEncoder = undefined;
  });
  const codec = await compiledEncoder;
  await codec.init(codec.wasm);
  return codec.encode;
}

export async function decodeImage(bytes: Uint8Array): Promise<Raster> {
  const format = sniffFormat(bytes);
  if (!format) throw new CaptureError("not_an_image", "The capture file is neither JPEG nor PNG.");
  const size = imageSize(bytes);
  if (!size || size.width * size.height > MAX_PIXELS) {
    throw new CaptureError(
      size ? "too_large" : "not_an_image",
      size
        ? `The capture is ${size.width}×${size.height} px, over the ${MAX_PIXELS / 1e6} megapixel limit of this server.`
        : `The capture file has no readable ${format.toUpperCase()} size.`,
    );
  }
  try {
    if (format === "jpeg") {
      const { decodeJpeg } = await import("./jpeg-decode.js");
      return await decodeJpeg(bytes);
    }
    const { PNG } = await import("pngjs");
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: aligned(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength)) };
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    throw new CaptureError("not_an_image", `The capture file could not be decoded as ${format.toUpperCase()}: ${(err as Error).message}`);
  }
}

/**
 * Baseline single-pass JPEG with 4:2:0 chroma: much faster than MozJPEG's progressive default, and no buffer of the
 * whole image's coefficients (optimised Huffman tables would need one, for a few percent fewer bytes).
 */
const JPEG_OPTIONS = { baseline: true, progressive: false, optimize_coding: false, chroma_subsample: 2, auto_subsample: false };

export async function encodeImage(raster: Raster, format: ImageFormat, quality = 80): Promise<Buffer> {
  if (format === "jpeg") {
    const encode = await jpegEncoder();
    const data = new Uint8ClampedArray(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
    return Buffer.from(await encode({ width: raster.width, height: raster.height, data, colorSpace: "srgb" }, { ...JPEG_OPTIONS, quality }));
  }
  const { PNG } = await import("pngjs");
  const data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  return PNG.sync.write({ width: raster.width, height: raster.height, data } as never, { colorType: 2 });
}
