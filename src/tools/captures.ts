/** Visual captures the model can see and compare: the images behind list_captures, and a pixel diff of two captures. */
import { z } from "zod";
import type { CaptureDeps } from "../captures/load.js";
import { rendered } from "../operations/executor.js";
import { checked, Environment, id, SiteId } from "../operations/schemas.js";
import { defineOperation, type OperationContext } from "../operations/types.js";

const CaptureId = id("From list_captures");
const PATH = "/site/{site_id}/{environment}/captures";

function deps(ctx: OperationContext): CaptureDeps {
  return { get: (path) => ctx.call({ method: "GET", path }), apiBaseUrl: ctx.config.baseUrl, signal: ctx.signal, progress: ctx.progress };
}

const image = (e: { bytes: Buffer; mimeType: string }) => ({ data: e.bytes.toString("base64"), mimeType: e.mimeType });

export const operations = [
  defineOperation({
    name: "get_capture_image",
    toolset: "backups",
    core: true,
    method: "GET",
    path: PATH,
    summary: "See a capture's page as an image",
    words: "look at screenshot picture of the homepage what does the site look like visual",
    description: "Default: latest capture's home page, ≤ 1280 px wide.",
    input: {
      site_id: SiteId,
      environment: Environment,
      capture_id: CaptureId.optional(),
      page: checked("Page path, e.g. /about", 300).default("/"),
      max_width: z.number().int().min(200).max(1280).optional().describe("Pixels"),
      format: z.enum(["jpeg", "png"]).default("jpeg"),
    },
    effect: "read",
    run: async (a, ctx) => {
      const { captureImage } = await import("../captures/view.js");
      const out = await captureImage(a, deps(ctx));
      return rendered(out.facts, { images: [image(out.image)] });
    },
  }),
  defineOperation({
    name: "compare_captures",
    toolset: "backups",
    method: "GET",
    path: PATH,
    summary: "Compare two captures of an environment pixel by pixel",
    words: "visual diff did the update break the layout page looks different before after screenshots regression",
    description:
      "Default: the latest two, or the two around at. Per page: changed %, regions and a before | after image.",
    input: {
      site_id: SiteId,
      environment: Environment,
      before: CaptureId.optional(),
      after: CaptureId.optional(),
      at: checked("Between the two, like created_at", 40).optional(),
      pages: z.array(checked("Page path", 300)).refine((l) => l.length <= 50, "at most 50 pages").optional().describe("Default: pages in both"),
      threshold: z.number().refine((n) => n >= 0 && n <= 1, "0 to 1").default(0.1).describe("Colour tolerance per pixel, 0-1"),
      include_aa: z.boolean().default(false).describe("Count anti-aliasing as change"),
      limit_percent: z.number().refine((n) => n >= 0 && n <= 100, "0 to 100").optional().describe("Flag pages changed over this %"),
      images: z.number().int().refine((n) => n >= 0 && n <= 5, "0 to 5").default(3).describe("Most diff images, 0-5"),
    },
    effect: "read",
    core: true,
    run: async (a, ctx) => {
      const { compareCaptures } = await import("../captures/compare.js");
      const out = await compareCaptures(a, deps(ctx));
      return rendered(out.data, { images: out.pictures.map(image) });
    },
  }),
];
