/** Errors of the capture tools: each says what failed and what to do next; the executor shows them as is. */
import { HandlerError } from "../operations/executor.js";

export type CaptureErrorCode =
  | "refused_url" // the image is not where CaptainCore said its captures are, or not over HTTPS
  | "image_fetch_failed" // the storage host failed, timed out or answered something else
  | "too_large" // over the download or pixel limit
  | "not_an_image"
  | "capture_not_found"
  | "page_not_found";

export class CaptureError extends HandlerError {
  constructor(code: CaptureErrorCode, message: string) {
    super(code, message);
    this.name = "CaptureError";
  }
}
