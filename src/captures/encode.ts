/**
 * Encoding under a byte cap: the image a model receives must stay small. JPEG steps its quality down, then the
 * size; a PNG over the cap becomes a JPEG. The result says what was done.
 */
import { encodeImage, MIME, type ImageFormat, type Raster } from "./codec.js";
import { CaptureError } from "./errors.js";
import { resize } from "./resize.js";

export interface EncodedImage {
  bytes: Buffer;
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
  quality?: number;
}

const QUALITIES = [80, 65, 50];
const MIN_WIDTH = 320;

export async function encodeWithin(raster: Raster, format: ImageFormat, maxBytes: number): Promise<EncodedImage> {
  if (format === "png") {
    const bytes = await encodeImage(raster, "png");
    if (bytes.length <= maxBytes) return { bytes, format, mimeType: MIME.png, width: raster.width, height: raster.height };
  }
  let current = raster;
  for (;;) {
    let smallest: EncodedImage | undefined;
    for (const quality of QUALITIES) {
      const bytes = await encodeImage(current, "jpeg", quality);
      smallest = { bytes, format: "jpeg", mimeType: MIME.jpeg, width: current.width, height: current.height, quality };
      if (bytes.length <= maxBytes) return smallest;
      // Far over the cap: lower qualities will not get there; go straight to a smaller size.
      if (bytes.length > maxBytes * 2.5) break;
    }
    const scale = Math.max(0.5, Math.sqrt(maxBytes / smallest!.bytes.length) * 0.95);
    const width = Math.round(current.width * scale);
    if (width < MIN_WIDTH) {
      throw new CaptureError("too_large", `The image does not fit in ${maxBytes} bytes even at ${current.width} px wide.`);
    }
    current = resize(current, width, Math.max(1, Math.round(current.height * scale)));
  }
}
