/**
 * Simulated CaptainCore routes for the site_requests toolset. Requests live in each user's meta; admins see and
 * change everyone's (matched by created_at and user_id), others only their own. Every listed item gets show:false.
 */
import { WpError, type Router, type SimRequest } from "../router.js";
import { isAdmin, type SimState } from "../state.js";

type Request = Record<string, unknown>;

function table(state: SimState): Map<number, Request[]> {
  return state.ext("site_requests", () => {
    // One open request of the non-admin "clara" (user 2), step 1.
    const seeded = new Map<number, Request[]>();
    seeded.set(2, [{ name: "acme-store.test", notes: "WooCommerce shop for the spring launch", account_id: "1", created_at: 1794900000, step: 1 }]);
    return seeded;
  });
}

function listFor(req: SimRequest) {
  const all = table(req.state);
  if (isAdmin(req.user)) {
    return [...all.entries()].flatMap(([user_id, list]) => list.map((r) => ({ ...r, user_id, show: false })));
  }
  return (all.get(req.user.user_id) ?? []).map((r) => ({ ...r, show: false }));
}

/** The caller's own list, or (admins) the list of request.user_id. */
function ownerList(req: SimRequest, request: Request): Request[] {
  const owner = isAdmin(req.user) && request.user_id ? Number(request.user_id) : req.user.user_id;
  const all = table(req.state);
  if (!all.has(owner)) all.set(owner, []);
  return all.get(owner)!;
}

function requestParam(req: SimRequest): Request {
  const request = req.param("request");
  if (!request || typeof request !== "object") throw new WpError("missing_request", "Missing request.", 400);
  return request as Request;
}

const now = () => Math.floor(Date.now() / 1000);

function moveStep(req: SimRequest, delta: number) {
  const request = requestParam(req);
  const list = ownerList(req, request);
  const stored = list.find((r) => Number(r.created_at) === Number(request.created_at));
  if (stored) {
    const step = Math.max(1, Number(request.step ?? stored.step ?? 1) + delta);
    stored.step = step;
    if (step === 1) {
      delete stored.processing_at;
      delete stored.ready_at;
    }
    if (step === 2) stored.processing_at = now();
    if (step === 3) stored.ready_at = now();
  }
  return listFor(req);
}

export function register(router: Router): void {
  router.get("/requested-sites", "login", listFor);

  // Stored as-is in the caller's user meta; no validation. Answers the caller's (admins: everyone's) list.
  router.post("/site-requests", "login", (req) => {
    const request = requestParam(req);
    const { show: _s, user_id: _u, ...stored } = request;
    const all = table(req.state);
    if (!all.has(req.user.user_id)) all.set(req.user.user_id, []);
    all.get(req.user.user_id)!.push(stored);
    req.state.ext("site_request_emails", () => [] as string[]).push(String(stored.name ?? ""));
    return listFor(req);
  });

  router.post("/site-requests/back", "login", (req) => moveStep(req, -1));
  router.post("/site-requests/continue", "login", (req) => moveStep(req, 1));

  router.post("/site-requests/delete", "login", (req) => {
    const request = requestParam(req);
    const list = ownerList(req, request);
    const index = list.findIndex((r) => Number(r.created_at) === Number(request.created_at));
    if (index >= 0) list.splice(index, 1);
    return listFor(req);
  });

  router.put("/site-requests/update", "login", (req) => {
    const request = requestParam(req);
    const list = ownerList(req, request);
    const index = list.findIndex((r) => Number(r.created_at) === Number(request.created_at));
    if (index >= 0) {
      const { show: _s, user_id: _u, ...stored } = request;
      list[index] = stored;
    }
    return listFor(req);
  });
}
