/** One capture page as an image a model can look at: fetched, decoded, scaled to at most 1280 px wide, capped. */
import { decodeImage, type ImageFormat } from "./codec.js";
import { encodeWithin, type EncodedImage } from "./encode.js";
import { captureFacts, loadCaptures, loadPageBytes, where, type CaptureDeps } from "./load.js";
import { oneAtATime } from "./queue.js";
import { fitWithin, resize } from "./resize.js";
import { findPage, pickCapture } from "./select.js";

export const MAX_IMAGE_WIDTH = 1280;
/** Taller pages are scaled down to this height (models accept about 8000 px a side). */
export const MAX_IMAGE_HEIGHT = 7800;
export const MAX_IMAGE_BYTES = 800_000;

export interface ImageRequest {
  site_id: number;
  environment: string;
  capture_id?: number;
  page: string;
  max_width?: number;
  format?: ImageFormat;
}

export interface CaptureImage {
  facts: Record<string, unknown>;
  image: EncodedImage;
}

export async function captureImage(req: ImageRequest, deps: CaptureDeps): Promise<CaptureImage> {
  const at = where(req.site_id, req.environment);
  const capture = pickCapture(await loadCaptures(deps, req.site_id, req.environment), req.capture_id, at);
  const page = findPage(capture, req.page);
  const bytes = await loadPageBytes(deps, capture, page);
  const { image, original } = await oneAtATime(async () => {
    const raster = await decodeImage(bytes);
    const size = fitWithin(raster.width, raster.height, Math.min(MAX_IMAGE_WIDTH, req.max_width ?? MAX_IMAGE_WIDTH), MAX_IMAGE_HEIGHT);
    const encoded = await encodeWithin(resize(raster, size.width, size.height), req.format ?? "jpeg", MAX_IMAGE_BYTES);
    return { image: encoded, original: `${raster.width}×${raster.height}` };
  });
  const facts = {
    site_id: req.site_id,
    environment: req.environment,
    page: page.page,
    ...captureFacts(capture),
    captured_size: original,
    image: {
      mime_type: image.mimeType,
      width: image.width,
      height: image.height,
      bytes: image.bytes.length,
      ...(image.quality ? { jpeg_quality: image.quality } : {}),
    },
    other_pages: capture.pages.map((p) => p.page).filter((p) => p !== page.page),
  };
  return { facts, image };
}
