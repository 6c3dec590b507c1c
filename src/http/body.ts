/** Reading a JSON-RPC body under a size limit, and JSON-RPC error answers. */
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; message: string; code?: number };

/** The parsed body, or why not: 413 over `limit` (declared or streamed), 400 for invalid JSON or a broken stream. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `Request body larger than ${limit} bytes.` };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        finish({ ok: true, value: JSON.parse(text) });
      } catch {
        finish({ ok: false, status: 400, message: "Parse error: the body is not valid JSON.", code: -32700 });
      }
    });
    req.on("error", () => finish({ ok: false, status: 400, message: "The request body could not be read." }));
    req.on("close", () => finish({ ok: false, status: 408, message: "The request body did not arrive in time." }));
  });
}

/** What the request line says about the JSON-RPC traffic, for the log: method names and tool names only. */
export function describeRpc(body: unknown): string {
  const messages = Array.isArray(body) ? body : [body];
  return messages
    .map((m) => {
      if (!m || typeof m !== "object") return "?";
      const msg = m as { method?: unknown; params?: { name?: unknown }; id?: unknown };
      if (typeof msg.method !== "string") return "response";
      const tool = msg.method === "tools/call" && typeof msg.params?.name === "string" ? `:${msg.params.name.slice(0, 64)}` : "";
      return `${msg.method.slice(0, 64)}${tool}`;
    })
    .join(",");
}

export function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => !!m && typeof m === "object" && (m as { method?: unknown }).method === "initialize");
}
