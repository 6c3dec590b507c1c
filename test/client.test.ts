import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CaptainCoreClient } from "../src/client/http.js";
import { CaptainCoreError } from "../src/client/errors.js";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";

let sim: Simulator;
let client: CaptainCoreClient;

beforeAll(async () => {
  sim = await startSimulator();
  client = new CaptainCoreClient({
    baseUrl: sim.url,
    username: SEED_USERS.admin.username,
    appPassword: SEED_USERS.admin.password,
    timeoutMs: 400,
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await client.close();
  await sim.stop();
});
beforeEach(() => {
  sim.clearFaults();
  sim.requests.length = 0;
});

async function failure(p: Promise<unknown>): Promise<CaptainCoreError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CaptainCoreError);
    return err as CaptainCoreError;
  }
  throw new Error("expected the request to fail");
}

describe("retries", () => {
  it("retries a GET on 502/503/504 and succeeds", async () => {
    sim.inject({ path: "/me", status: 503, raw: "<html>busy</html>", contentType: "text/html" });
    sim.inject({ path: "/me", status: 502, body: { code: "bad_gateway", message: "Bad gateway" } });
    const me = (await client.request({ method: "GET", path: "/me", retry: true })) as { username: string };
    expect(me.username).toBe("ccadmin");
    expect(sim.count("GET", "/me")).toBe(3);
  });

  it("gives up after two retries", async () => {
    sim.inject({ path: "/me", status: 504, body: { code: "x", message: "Gateway timeout" }, times: 5 });
    const err = await failure(client.request({ method: "GET", path: "/me", retry: true }));
    expect(err.code).toBe("server_error");
    expect(err.status).toBe(504);
    expect(sim.count("GET", "/me")).toBe(3);
  });

  it("honours Retry-After on 429", async () => {
    sim.inject({ path: "/me", status: 429, headers: { "retry-after": "1" }, body: { code: "too_many", message: "Slow down" } });
    const started = Date.now();
    await client.request({ method: "GET", path: "/me", retry: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sim.count("GET", "/me")).toBe(2);
  });

  it("never retries POST, PUT or DELETE", async () => {
    for (const method of ["POST", "PUT", "DELETE"] as const) {
      sim.requests.length = 0;
      sim.inject({ method, path: "/sites/fetch", status: 503, body: { code: "busy", message: "Busy" }, times: 3 });
      const err = await failure(client.request({ method, path: "/sites/fetch", body: { post_ids: [1] } }));
      expect(err.status).toBe(503);
      expect(sim.count(method, "/sites/fetch")).toBe(1);
    }
  });

  it("retries a GET after a connection reset, but not a POST", async () => {
    sim.inject({ path: "/me", reset: true });
    await client.request({ method: "GET", path: "/me", retry: true });
    expect(sim.count("GET", "/me")).toBe(2);
    sim.inject({ method: "POST", path: "/sites/fetch", reset: true });
    const err = await failure(client.request({ method: "POST", path: "/sites/fetch", body: { post_ids: [1] } }));
    expect(err.code).toBe("network");
    expect(sim.count("POST", "/sites/fetch")).toBe(1);
  });

  it("times out a slow answer", async () => {
    sim.inject({ method: "POST", path: "/sites/fetch", delayMs: 1500, body: [] });
    const err = await failure(client.request({ method: "POST", path: "/sites/fetch", body: { post_ids: [1] } }));
    expect(err.code).toBe("timeout");
    expect(sim.count("POST", "/sites/fetch")).toBe(1);
  });
});

describe("answer shapes", () => {
  const get = () => client.request({ method: "GET", path: "/me" });

  it("passes bare scalars through", async () => {
    for (const body of ["Record updated.", 47, true, null]) {
      sim.inject({ path: "/me", status: 200, body });
      expect(await get()).toEqual(body);
    }
  });

  it("turns in-band errors with HTTP 200 into api_error", async () => {
    const cases: [unknown, string][] = [
      [{ errors: ["Domain already exists."] }, "Domain already exists."],
      [{ error: "No application password exists to rotate." }, "No application password exists"],
      [{ Error: "There was a problem retrieving stats." }, "problem retrieving stats"],
      [{ response: "Error: site not found" }, "site not found"],
      ["Something went wrong: cURL error 7", "Something went wrong"],
      [{ code: "no_domain", message: "No records", data: { status: 200 } }, "No records"],
    ];
    for (const [body, message] of cases) {
      sim.inject({ path: "/me", status: 200, body });
      const err = await failure(get());
      expect(err.code).toBe("api_error");
      expect(err.message).toContain(message);
    }
  });

  it("keeps successful objects that carry an empty errors list", async () => {
    sim.inject({ path: "/me", status: 200, body: { errors: [], response: "ok", site_id: 5 } });
    expect(await get()).toEqual({ errors: [], response: "ok", site_id: 5 });
  });

  it("reads WP_Error bodies into typed errors", async () => {
    sim.inject({ path: "/me", status: 403, body: { code: "token_invalid", message: "Invalid Token", data: { status: 403 } } });
    const err = await failure(get());
    expect([err.code, err.status, err.serverCode, err.message]).toEqual(["forbidden", 403, "token_invalid", "Invalid Token"]);
    sim.inject({ path: "/me", status: 404, body: { code: "rest_no_route", message: "No route", data: { status: 404 } } });
    expect((await failure(get())).code).toBe("no_route");
  });

  it("summarises HTML error pages and the JSON fatal body", async () => {
    sim.inject({
      path: "/me",
      status: 500,
      contentType: "text/html",
      raw: "<html><head><title>WordPress &rsaquo; Error</title></head><body><p>There has been a critical error on this website.</p></body></html>",
    });
    const err = await failure(get());
    expect(err.code).toBe("server_error");
    expect(err.message).toContain("critical error");
    expect(err.message).not.toContain("<p>");
  });

  it("reports invalid JSON", async () => {
    sim.inject({ path: "/me", status: 200, raw: "<br />\n<b>Warning</b>: {\"user_id\"" });
    const err = await failure(get());
    expect(err.code).toBe("invalid_response");
  });

  it("returns binary bodies as a summary and redirects as a location", async () => {
    sim.inject({
      path: "/me",
      status: 200,
      contentType: "application/pdf",
      headers: { "content-disposition": 'attachment; filename="invoice-7.pdf"' },
      raw: "%PDF-1.4 fake",
    });
    expect(await get()).toMatchObject({ kind: "binary", filename: "invoice-7.pdf", bytes: 13 });
    sim.inject({ path: "/me", status: 302, headers: { location: "https://storage.test/signed" }, raw: "" });
    expect(await get()).toEqual({ kind: "redirect", status: 302, location: "https://storage.test/signed" });
  });

  it("refuses bodies over the cap", async () => {
    sim.inject({ path: "/me", bytes: 200 * 1024 });
    expect((await failure(get())).code).toBe("too_large");
  });

  it("never puts the password or the Authorization header into an error", async () => {
    sim.inject({ path: "/me", status: 500, body: { code: "x", message: `echo ${SEED_USERS.admin.password}`, data: { status: 500 } } });
    const err = await failure(get());
    const scrubbed = client.scrub(err.message);
    expect(scrubbed).not.toContain(SEED_USERS.admin.password);
    for (const secret of client.secrets) expect(scrubbed).not.toContain(secret);
  });

  it("sends Basic auth, JSON, and never X-WP-Nonce", async () => {
    await client.request({ method: "POST", path: "/sites/fetch", body: { post_ids: [1] } });
    const req = sim.requests.at(-1)!;
    expect(req.headers.authorization).toMatch(/^Basic /);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-wp-nonce"]).toBeUndefined();
    expect(req.body).toEqual({ post_ids: [1] });
  });
});
