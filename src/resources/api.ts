/**
 * How resources and completions read CaptainCore: a read with retries whose answer is redacted before any module
 * reshapes it (a secret that loses its key in a reshaped list could not be recognised afterwards).
 */
import type { ApiRequest } from "../client/http.js";
import { isSpecial } from "../client/normalize.js";
import { redactSecrets } from "../client/redact.js";
import type { ServerContext } from "../context.js";

export async function readApi(ctx: ServerContext, req: Omit<ApiRequest, "method" | "retry">): Promise<unknown> {
  const answer = await ctx.client.request({ ...req, method: "GET", retry: true });
  return isSpecial(answer) ? answer : redactSecrets(answer, { inPlace: true });
}
