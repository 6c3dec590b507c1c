/** The CaptainCore API documentation (GET /me/api-docs, markdown) as a resource. */
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { isSpecial } from "../client/normalize.js";
import { readApi } from "./api.js";
import type { ResourceModule } from "../context.js";

export const DOCS_URI = "captaincore://docs/api";

export const docResources: ResourceModule = {
  list: async () => [
    {
      uri: DOCS_URI,
      name: "api-docs",
      title: "CaptainCore API documentation",
      description: "The REST API reference served by this CaptainCore install (markdown).",
      mimeType: "text/markdown",
    },
  ],

  read: async (uri, ctx, signal) => {
    if (uri.href !== DOCS_URI) return undefined;
    let body: unknown;
    try {
      body = await readApi(ctx, { path: "/me/api-docs", signal });
    } catch (err) {
      throw new McpError(ErrorCode.InternalError, `Cannot read ${DOCS_URI}: ${ctx.client.scrub((err as Error).message)}`);
    }
    const text =
      isSpecial(body) && body.kind === "text"
        ? body.text
        : typeof body === "string"
          ? body
          : typeof (body as { html?: unknown })?.html === "string"
            ? String((body as { html: string }).html)
            : JSON.stringify(body);
    return { contents: [{ uri: DOCS_URI, mimeType: "text/markdown", text: ctx.client.scrub(text) }] };
  },
};
