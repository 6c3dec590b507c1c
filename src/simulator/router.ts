/**
 * WordPress-style routing for the simulator: routes declared from the documented path templates, matched as
 * case-insensitive regexes after removing a trailing slash; a path that matches but with the wrong method, or no
 * route at all, is 404 rest_no_route (WordPress has no 405).
 */
import type { SimState, SimUser } from "./state.js";

export type Permission = "public" | "login" | "admin";

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** Parsed JSON body (only when sent as application/json), else {}. */
  body: Record<string, unknown>;
  /** WordPress merges sources: JSON body > query > path params. */
  param: (name: string) => unknown;
  user: SimUser;
  state: SimState;
}

export class WpError extends Error {
  /** A WP_Error created without a status: WordPress answers 500 and `data` holds only the extra keys (or null). */
  statusless = false;

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static withoutStatus(code: string, message: string, extra: Record<string, unknown> = {}): WpError {
    const err = new WpError(code, message, 500, extra);
    err.statusless = true;
    return err;
  }
}

/** Raw answer for non-JSON bodies, bare statuses and redirects. */
export class RawAnswer {
  constructor(
    readonly status: number,
    readonly body: string | Buffer,
    readonly headers: Record<string, string> = {},
  ) {}
}

export type Handler = (req: SimRequest) => unknown | Promise<unknown>;

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  permission: Permission;
  handler: Handler;
}

/** Default pattern per path parameter name; ids are digits like the real routes. */
function patternFor(name: string, overrides: Record<string, string>): string {
  if (overrides[name]) return overrides[name]!;
  if (/(^|_)id$/.test(name)) return "\\d+";
  if (name === "hash_before" || name === "hash_after") return "[a-zA-Z0-9-]+";
  return "[^/]+";
}

export function compileTemplate(template: string, overrides: Record<string, string> = {}): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const m = /^\{([a-z_]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return `(${patternFor(m[1]!, overrides)})`;
    })
    .join("");
  return { regex: new RegExp(`^${source}$`, "i"), names };
}

export class Router {
  private readonly routes: Route[] = [];

  add(
    method: string,
    template: string,
    permission: Permission,
    handler: Handler,
    patterns: Record<string, string> = {},
  ): this {
    const { regex, names } = compileTemplate(template.replace(/\/+$/, ""), patterns);
    this.routes.push({ method: method.toUpperCase(), template, regex, names, permission, handler });
    return this;
  }

  get(t: string, p: Permission, h: Handler, patterns?: Record<string, string>) {
    return this.add("GET", t, p, h, patterns);
  }
  post(t: string, p: Permission, h: Handler, patterns?: Record<string, string>) {
    return this.add("POST", t, p, h, patterns);
  }
  put(t: string, p: Permission, h: Handler, patterns?: Record<string, string>) {
    return this.add("PUT", t, p, h, patterns);
  }
  delete(t: string, p: Permission, h: Handler, patterns?: Record<string, string>) {
    return this.add("DELETE", t, p, h, patterns);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(clean);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { route, params };
    }
    return undefined;
  }

  /** Every declared METHOD template, for coverage checks. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.template}`);
  }
}
