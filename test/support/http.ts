/** Raw HTTP helpers for the transport suites (http, http-security): requests node:http can forge, MCP bodies, config. */
import { request } from "node:http";
import { loadConfig, type Config } from "../../src/config.js";
import { SEED_USERS, type Simulator } from "../../src/simulator/index.js";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (node:http, so that Host can be forged the way a rebinding browser would). */
export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: opts.method ?? "POST", headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) {
      if (opts.chunked) {
        // No Content-Length: the limit must hold while streaming.
        const buf = Buffer.from(opts.body);
        const step = 64 * 1024;
        let i = 0;
        const pump = () => {
          while (i < buf.length) {
            const ok = req.write(buf.subarray(i, i + step));
            i += step;
            if (!ok) {
              req.once("drain", pump);
              return;
            }
          }
          req.end();
        };
        req.on("error", () => {});
        pump();
        return;
      }
      req.end(opts.body);
    } else req.end();
  });
}

export const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
export const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});
export const callListSites = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_sites", arguments: {} } });

export function configFor(sim: Simulator, toolsets = "all"): Config {
  return loadConfig({
    CAPTAINCORE_URL: sim.origin,
    CAPTAINCORE_USERNAME: SEED_USERS.admin.username,
    CAPTAINCORE_APP_PASSWORD: SEED_USERS.admin.password,
    CAPTAINCORE_TIMEOUT_MS: "5000",
    CAPTAINCORE_TOOLSETS: toolsets,
  });
}

