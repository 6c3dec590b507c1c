/**
 * The built-in CaptainCore API for --demo and the tests: node:http on 127.0.0.1, seeded and stateful, answering
 * with the real shapes and errors. Tests can inject faults (status, body, delay, reset, oversized bodies) and count
 * the requests that reached it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { captureStorage } from "./captures-storage.js";
import { registerAllRoutes } from "./routes/index.js";
import { jobsControl, settleJobs } from "./routes/jobs.js";
import { RawAnswer, Router, WpError, type SimRequest } from "./router.js";
import { createState, isAdmin, type SimState, type SimUser } from "./state.js";

export const API_BASE = "/wp-json/captaincore/v1";

export interface Fault {
  method?: string;
  /** Matches the path below the API base: a substring or a regex. */
  path?: string | RegExp;
  /** How many requests it applies to (default 1; Infinity for all). */
  times?: number;
  status?: number;
  /** Sent JSON-encoded. */
  body?: unknown;
  /** Sent as is (HTML pages, broken JSON, bytes). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer 200 with this many bytes of JSON (for body caps). */
  bytes?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  username?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SimulatorOptions {
  port?: number;
  /** Added to every answer, for load tests. */
  latencyMs?: number;
  /** Generated sites after the seeded 12 (e.g. 488 for a 500-site fleet). */
  extraSites?: number;
  /** Every job runs this long instead of its command's believable duration (fast demos and agent tests). */
  jobMs?: number;
}

function parseQuery(search: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of search) {
    const arrayMatch = /^(.+)\[\]$/.exec(rawKey);
    const objMatch = /^(.+)\[([^\]]+)\]$/.exec(rawKey);
    if (arrayMatch) {
      const key = arrayMatch[1]!;
      const list = (out[key] as unknown[] | undefined) ?? [];
      list.push(value);
      out[key] = list;
    } else if (objMatch) {
      const key = objMatch[1]!;
      const obj = (out[key] as Record<string, unknown> | undefined) ?? {};
      obj[objMatch[2]!] = value;
      out[key] = obj;
    } else out[rawKey] = value;
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Simulator {
  readonly state: SimState;
  readonly router = new Router();
  readonly requests: RecordedRequest[] = [];
  faults: Fault[] = [];
  latencyMs: number;
  private server?: Server;
  private port = 0;
  private readonly sockets = new Set<import("node:net").Socket>();

  constructor(opts: SimulatorOptions = {}) {
    this.state = createState({ extraSites: opts.extraSites });
    if (opts.jobMs !== undefined) jobsControl(this.state).defaults.durationMs = opts.jobMs;
    this.latencyMs = opts.latencyMs ?? 0;
    registerAllRoutes(this.router);
  }

  /** Requests being answered now, and the most at once since start (or since a test reset it). */
  inFlight = 0;
  peakInFlight = 0;

  /** Site root, e.g. http://127.0.0.1:1234 */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Full API base. */
  get url(): string {
    return `${this.origin}${API_BASE}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      this.handle(req, res)
        .catch((err) => {
          if (!res.headersSent) this.sendJson(res, 500, fatalBody(String(err)));
          else res.destroy();
        })
        .finally(() => this.inFlight--);
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await captureStorage(this.state).stop();
    if (!this.server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests that reached the simulator, optionally filtered. */
  count(method?: string, path?: string | RegExp): number {
    return this.requests.filter(
      (r) =>
        (!method || r.method === method) &&
        (!path || (typeof path === "string" ? r.path === path : path.test(r.path))),
    ).length;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path || (typeof f.path === "string" ? path.includes(f.path) : f.path.test(path))) &&
        (f.times ?? 1) > 0,
    );
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private authenticate(header: string | undefined): SimUser | null | WpError {
    if (!header) return null;
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (!m) return null;
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const sep = decoded.indexOf(":");
    const login = decoded.slice(0, sep);
    const password = decoded.slice(sep + 1).replace(/\s+/g, "");
    const user = this.state.users.find((u) => u.username === login || u.email === login);
    if (!user) {
      return login.includes("@")
        ? new WpError("invalid_email", "Unknown email address. Check again or try your username.", 401)
        : new WpError("invalid_username", "<strong>Error:</strong> The username <strong>" + login + "</strong> is not registered on this site.", 401);
    }
    if (user.app_password.replace(/\s+/g, "") !== password) {
      return new WpError("incorrect_password", "The provided password is an invalid application password.", 401);
    }
    return user;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 10 * 1024 * 1024) return this.sendJson(res, 413, { code: "rest_too_large", message: "Body too large", data: { status: 413 } });
      chunks.push(chunk as Buffer);
    }
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> = {};
    const isJson = (req.headers["content-type"] ?? "").includes("json");
    if (isJson && rawBody) {
      try {
        const parsed = JSON.parse(rawBody);
        body = parsed && typeof parsed === "object" ? parsed : {};
      } catch {
        return this.sendJson(res, 400, { code: "rest_invalid_json", message: "Invalid JSON body passed.", data: { status: 400 } });
      }
    }
    const apiPath = url.pathname.toLowerCase().startsWith(API_BASE) ? url.pathname.slice(API_BASE.length) || "/" : undefined;
    const query = parseQuery(url.searchParams);
    const auth = this.authenticate(req.headers.authorization);
    this.requests.push({
      method,
      path: apiPath ?? url.pathname,
      query,
      body: isJson && rawBody ? body : rawBody || undefined,
      username: auth && !(auth instanceof WpError) ? auth.username : undefined,
      headers: req.headers,
    });
    if (this.latencyMs) await sleep(this.latencyMs);

    const fault = this.takeFault(method, apiPath ?? url.pathname);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.bytes) {
        const filler = JSON.stringify({ data: "x".repeat(fault.bytes) });
        res.writeHead(fault.status ?? 200, { "content-type": "application/json" });
        res.end(filler);
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined || fault.raw !== undefined) {
        const contentType = fault.contentType ?? "application/json; charset=UTF-8";
        const payload = fault.raw ?? JSON.stringify(fault.body ?? null);
        res.writeHead(fault.status ?? 200, { "content-type": contentType, ...fault.headers });
        res.end(payload);
        return;
      }
    }

    if (apiPath === undefined) return this.sendJson(res, 404, noRoute());
    if (auth instanceof WpError) return this.sendError(res, auth);
    settleJobs(this.state);
    const match = this.router.match(method, apiPath);
    if (!match) return this.sendJson(res, 404, noRoute());
    const { route, params } = match;
    if (route.permission !== "public" && !auth) {
      return this.sendJson(res, 401, { code: "rest_forbidden", message: "Sorry, you are not allowed to do that.", data: { status: 401 } });
    }
    if (route.permission === "admin" && !isAdmin(auth)) {
      return this.sendJson(res, 403, { code: "rest_forbidden", message: "Sorry, you are not allowed to do that.", data: { status: 403 } });
    }
    const simReq: SimRequest = {
      method,
      path: apiPath,
      params,
      query,
      body,
      param: (name) => (name in body ? body[name] : name in query ? query[name] : params[name]),
      user: auth as SimUser,
      state: this.state,
    };
    try {
      const out = await route.handler(simReq);
      if (out instanceof RawAnswer) {
        res.writeHead(out.status, out.headers);
        res.end(out.body);
        return;
      }
      this.sendJson(res, 200, out === undefined ? null : out);
    } catch (err) {
      if (err instanceof WpError) return this.sendError(res, err);
      this.sendJson(res, 500, fatalBody(String((err as Error)?.stack ?? err)));
    }
  }

  private sendError(res: ServerResponse, err: WpError): void {
    const data = err.statusless ? (Object.keys(err.extra).length ? err.extra : null) : { status: err.status, ...err.extra };
    this.sendJson(res, err.status, { code: err.code, message: err.message, data });
  }

  private sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }
}

function noRoute() {
  return { code: "rest_no_route", message: "No route was found matching the URL and request method.", data: { status: 404 } };
}

function fatalBody(_detail: string) {
  return {
    code: "internal_server_error",
    message: "<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/support/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>",
    data: { status: 500 },
    additional_errors: [],
  };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  return new Simulator(opts).start(opts.port ?? 0);
}

export { WpError, RawAnswer } from "./router.js";
export { SEED_USERS, allSecrets } from "./state.js";
