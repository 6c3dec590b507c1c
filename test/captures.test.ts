/**
 * Captures the model can see (get_capture_image, the capture resource), the visual diff (compare_captures), the
 * simulator's storage host, and the refusals: foreign or plain-http image hosts, redirects, oversized and slow images.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { decodeImage, encodeImage, imageSize, newRaster } from "../src/captures/codec.js";
import { diffRasters } from "../src/captures/diff.js";
import { CaptureError } from "../src/captures/errors.js";
import { allowedImageUrl, fetchImage } from "../src/captures/fetch.js";
import { fitWithin, resize } from "../src/captures/resize.js";
import { parseCaptures, pickPair } from "../src/captures/select.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { captureStorage } from "../src/simulator/captures-storage.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, user: "client", toolsets: "default,backups" });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

const images = (r: CallToolResult) => r.content.filter((c) => c.type === "image") as { data: string; mimeType: string }[];
const errorCode = (r: CallToolResult) => (r.structuredContent as { error: { code: string } }).error.code;

describe("get_capture_image", () => {
  it("returns the latest capture's home page as a JPEG at most 1280 px wide, with its facts", async () => {
    const result = await h.call("get_capture_image", { site_id: 4, environment: "Production" });
    const facts = data(result);
    const [image] = images(result);
    expect(image!.mimeType).toBe("image/jpeg");
    const bytes = Buffer.from(image!.data, "base64");
    expect(imageSize(bytes)).toEqual({ width: 1280, height: facts.image.height });
    expect(facts.image.bytes).toBe(bytes.length);
    expect(facts.image.bytes).toBeLessThanOrEqual(800_000);
    expect(facts).toMatchObject({ site_id: 4, environment: "production", page: "/", image: { width: 1280 } });
    expect(facts.captured_size).toMatch(/^1440×\d+$/);
    expect(facts.created_at).toMatch(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}Z?$/);
    expect(facts.git_commit).toMatch(/^[0-9a-f]{7}$/);
    expect(facts.other_pages).toEqual(["/about", "/contact"]);
    const decoded = await decodeImage(new Uint8Array(bytes));
    expect(decoded.width).toBe(1280);
  });

  it("serves another page, a given capture, a smaller width and PNG", async () => {
    const list = data(await h.call("list_captures", { site_id: 4, environment: "production" }));
    const oldest = list.captures.at(-1).capture_id;
    const result = await h.call("get_capture_image", { site_id: 4, environment: "production", capture_id: oldest, max_width: 400, format: "png" });
    expect(data(result)).toMatchObject({ capture_id: oldest, page: "/", image: { mime_type: "image/png", width: 400 } });
    expect(images(result)[0]!.mimeType).toBe("image/png");
    const about = data(await h.call("get_capture_image", { site_id: 4, environment: "production", page: "about" }));
    expect(about.page).toBe("/about");
  });

  it("says which pages and captures exist when asked for others", async () => {
    const page = await h.call("get_capture_image", { site_id: 4, environment: "production", page: "/shop" });
    expect(page.isError).toBe(true);
    expect(errorCode(page)).toBe("page_not_found");
    expect(text(page)).toContain("/about");
    const capture = await h.call("get_capture_image", { site_id: 4, environment: "production", capture_id: 999999 });
    expect(errorCode(capture)).toBe("capture_not_found");
    expect(text(capture)).toContain("list_captures");
    const denied = await h.call("get_capture_image", { site_id: 10, environment: "production" });
    expect(errorCode(denied)).toBe("forbidden");
  });

  it("reads the same image through the capture resource template", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("captaincore://sites/{site_id}/{environment}/captures/{capture_id}/{page}");
    const list = data(await h.call("list_captures", { site_id: 4, environment: "production" }));
    const id = list.captures[0].capture_id;
    const read = await h.client.readResource({ uri: `captaincore://sites/4/production/captures/${id}/%2Fcontact` });
    const [blob, facts] = read.contents as unknown as [{ blob: string; mimeType: string }, { text: string }];
    expect(blob.mimeType).toBe("image/jpeg");
    expect(imageSize(Buffer.from(blob.blob, "base64"))!.width).toBe(1280);
    expect(JSON.parse(facts.text)).toMatchObject({ capture_id: id, page: "/contact" });
    await expect(h.client.readResource({ uri: `captaincore://sites/4/production/captures/${id}/%2Fnope` })).rejects.toThrow(/no page \/nope/);
  });
});

describe("compare_captures", () => {
  it("reports 0% for two captures of an unchanged site, and no image", async () => {
    const result = await h.call("compare_captures", { site_id: 4, environment: "production" });
    const out = data(result);
    expect(out.pages).toEqual([expect.objectContaining({ page: "/", changed_percent: 0, changed_pixels: 0, regions: [] })]);
    expect(out.changed_pages).toBe(0);
    expect(out.not_compared).toEqual(["/about (not in both captures)", "/contact (not in both captures)"]);
    expect(out.before.created_at < out.after.created_at).toBe(true);
    expect(images(result)).toEqual([]);
  });

  it("finds the header a breaking plugin update removed, marks it and flags it over the limit", async () => {
    await h.call("create_capture", { site_id: 5, environment: "production" });
    const before = data(await h.call("list_captures", { site_id: 5, environment: "production" })).captures[0];
    const update = await h.call("run_code", { code: "wp plugin update elementor", environments: [{ site_id: 5, environment: "production" }] });
    expect(update.isError).toBeFalsy();
    await h.call("create_capture", { site_id: 5, environment: "production" });
    const result = await h.call("compare_captures", { site_id: 5, environment: "production", at: before.created_at, limit_percent: 1 });
    const out = data(result);
    expect(out.before.capture_id).toBe(before.capture_id);
    const [page] = out.pages;
    expect(page.changed_percent).toBeGreaterThan(1);
    expect(page.over_limit).toBe(true);
    expect(out.over_limit).toBe(true);
    expect(page.regions[0]).toMatchObject({ x: 0, y: 0, width: 1440 });
    expect(page.regions[0].height).toBeLessThanOrEqual(112);
    const [diff] = images(result);
    expect(diff!.mimeType).toBe("image/jpeg");
    const size = imageSize(Buffer.from(diff!.data, "base64"))!;
    expect(size.width).toBeLessThanOrEqual(1280);
    expect(Buffer.from(diff!.data, "base64").length).toBeLessThanOrEqual(300_000);
    expect(page.picture).toContain(`${size.width}×${size.height}`);
  });

  it("reports progress per page when the client asks for it", async () => {
    const list = data(await h.call("list_captures", { site_id: 4, environment: "production" }));
    const ids = list.captures.map((c: { capture_id: number }) => c.capture_id);
    const seen: string[] = [];
    const result = await h.client.callTool(
      { name: "compare_captures", arguments: { site_id: 4, environment: "production", before: ids.at(-1), after: ids[0], images: 0 } },
      undefined,
      { onprogress: (p) => void seen.push(String(p.message)) },
    );
    expect(result.isError).toBeFalsy();
    expect(seen).toEqual(["comparing /"]);
  });

  it("refuses two ids that are the same capture, and an environment without an older capture", async () => {
    const list = data(await h.call("list_captures", { site_id: 4, environment: "production" }));
    const id = list.captures[0].capture_id;
    const same = await h.call("compare_captures", { site_id: 4, environment: "production", before: id, after: id });
    expect(errorCode(same)).toBe("capture_not_found");
    const lonely = await h.call("compare_captures", { site_id: 3, environment: "staging" });
    expect(errorCode(lonely)).toBe("capture_not_found");
    expect(text(lonely)).toContain("create_capture");
  });
});

describe("where images come from", () => {
  const origin = () => captureStorage(sim.state).origin;
  const listWith = (page: Record<string, unknown>, base: string) => [
    { capture_id: "9", site_id: "4", environment_id: "7", created_at: "2026-11-28 09:00:00", git_commit: "abc1234", pages: [{ page: "/", image: "x.jpg", ...page }], image_base_url: base },
  ];

  it("the simulator's storage host answers only the image URLs it issued", async () => {
    const list = data(await h.call("list_captures", { site_id: 4, environment: "production" }));
    const url = list.captures[0].pages[0].image_url as string;
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await ok.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    for (const path of ["/acmedocs_4/production/captures/other.jpg", "/", "/etc/passwd"]) {
      expect((await fetch(`${origin()}${path}`)).status).toBe(404);
    }
  });

  it("refuses an image outside the capture's image_base_url, or not over HTTPS, and fetches nothing", async () => {
    const storage = captureStorage(sim.state);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ image_url: "https://evil.example/x.jpg" }, "https://cdn.example.test/acme/production/captures/", /not under the capture's image_base_url/],
      [{ image_url: `${origin()}/acmedocs_4/staging/captures/x.jpg` }, `${origin()}/acmedocs_4/production/captures/`, /not under/],
      [{ image_url: "http://cdn.example.test/a/x.jpg" }, "http://cdn.example.test/a/", /not HTTPS/],
      [{ image_url: "https://user:pw@cdn.example.test/a/x.jpg" }, "https://cdn.example.test/a/", /credentials/],
      [{ image_url: "file:///etc/passwd" }, "file:///etc/", /not HTTPS/],
    ];
    for (const [page, base, message] of cases) {
      const fetched = storage.requests.length;
      sim.inject({ method: "GET", path: "/site/4/production/captures", body: listWith(page, base) });
      const result = await h.call("get_capture_image", { site_id: 4, environment: "production" });
      expect(result.isError).toBe(true);
      expect(errorCode(result)).toBe("refused_url");
      expect(text(result)).toMatch(message);
      expect(storage.requests.length).toBe(fetched);
    }
    sim.inject({ method: "GET", path: "/site/4/production/captures", body: listWith({ image_url: "https://cdn.example.test/a/x.jpg" }, "") });
    expect(text(await h.call("compare_captures", { site_id: 4, environment: "production", before: 9, after: 9 }))).toMatch(/same capture/);
  });

  it("allows plain http only when both CaptainCore and the image host are loopback", () => {
    expect(allowedImageUrl("http://127.0.0.1:9/a/x.jpg", "http://127.0.0.1:9/a/", "http://127.0.0.1:8/wp-json").href).toBe("http://127.0.0.1:9/a/x.jpg");
    expect(() => allowedImageUrl("http://127.0.0.1:9/a/x.jpg", "http://127.0.0.1:9/a/", "https://cc.example.com/wp-json")).toThrow(/not HTTPS/);
    expect(() => allowedImageUrl("https://cdn.example.com/a/../b/x.jpg", "https://cdn.example.com/a/", "https://cc.example.com")).toThrow(/not under/);
    expect(() => allowedImageUrl("https://cdn.example.com/a/x.jpg", undefined, "https://cc.example.com")).toThrow(/no image_base_url/);
  });
});

describe("fetching an image", () => {
  let server: Server;
  let base: string;
  const jpeg = encodeImage(newRaster(64, 32), "jpeg");
  beforeAll(async () => {
    const body = await jpeg;
    server = createServer((req, res) => {
      if (req.url === "/ok.jpg") return res.writeHead(200, { "content-type": "image/jpeg" }).end(body);
      if (req.url === "/moved.jpg") return res.writeHead(302, { location: "https://elsewhere.example/x.jpg" }).end();
      if (req.url === "/big.jpg") return res.writeHead(200, { "content-length": String(50 * 1024 * 1024) }).end();
      if (req.url === "/stream.jpg") {
        res.writeHead(200, { "content-type": "image/jpeg" });
        res.write(Buffer.alloc(4096));
        return res.end(Buffer.alloc(4096));
      }
      if (req.url === "/html.jpg") return res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      // /slow.jpg: headers, then nothing.
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.write(body.subarray(0, 10));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const limits = { maxBytes: 5000, timeoutMs: 300 };
  const failure = async (path: string) => {
    try {
      await fetchImage(new URL(`${base}${path}`), limits);
    } catch (err) {
      return err as CaptureError;
    }
    throw new Error(`${path} was fetched`);
  };

  it("reads an image, and refuses redirects, oversized and non-image answers, and slow hosts", async () => {
    expect(imageSize(await fetchImage(new URL(`${base}/ok.jpg`), limits))).toEqual({ width: 64, height: 32 });
    expect((await failure("/moved.jpg")).message).toMatch(/HTTP 302 \(redirect to https:\/\/elsewhere\.example\/x\.jpg, not followed\)/);
    expect(await failure("/big.jpg")).toMatchObject({ code: "too_large" });
    expect(await failure("/stream.jpg")).toMatchObject({ code: "too_large" });
    expect((await failure("/html.jpg")).message).toMatch(/not a JPEG or PNG/);
    const slow = await failure("/slow.jpg");
    expect(slow.code).toBe("image_fetch_failed");
    expect(slow.message).toMatch(/within 300 ms/);
  });
});

describe("the pieces", () => {
  it("scales to fit and averages pixels", () => {
    expect(fitWithin(1440, 1800, 1280)).toEqual({ width: 1280, height: 1600 });
    expect(fitWithin(800, 600, 1280)).toEqual({ width: 800, height: 600 });
    const src = newRaster(4, 2, 0xff000000);
    src.data.set([255, 255, 255, 255], 0);
    const out = resize(src, 2, 1);
    expect([...out.data]).toEqual([64, 64, 64, 255, 0, 0, 0, 255]);
  });

  it("finds separate regions and reports a size change as changed", async () => {
    const a = newRaster(200, 300);
    const b = newRaster(200, 320);
    for (const [x0, y0] of [[10, 10], [150, 250]]) {
      for (let y = y0; y < y0 + 20; y++) for (let x = x0; x < x0 + 20; x++) b.data.set([0, 0, 0, 255], (y * 200 + x) * 4);
    }
    b.data.fill(0, 200 * 4 * 310, 200 * 4 * 320);
    const diff = await diffRasters(a, b, { threshold: 0.1, includeAA: false, maskWidth: 100, maskHeight: 160 });
    expect(diff.changedPixels).toBe(800 + 2000);
    expect(diff.regions.map((r) => [r.x, r.y])).toEqual([[0, 304], [0, 0], [144, 240]]);
    const same = await diffRasters(a, a, { threshold: 0.1, includeAA: false, maskWidth: 100, maskHeight: 150 });
    expect(same).toMatchObject({ changedPixels: 0, regions: [] });
  });

  it("picks the captures around a time", () => {
    const list = parseCaptures([
      { capture_id: "3", created_at: "2026-11-28 10:00:00", pages: [] },
      { capture_id: "2", created_at: "2026-11-28 09:00:00", pages: [] },
      { capture_id: "1", created_at: "2026-11-27 09:00:00", pages: [] },
    ]);
    expect(pickPair(list, {}, "x").map((c) => c.capture_id)).toEqual([2, 3]);
    expect(pickPair(list, { at: "2026-11-27T12:00" }, "x").map((c) => c.capture_id)).toEqual([1, 3]);
    expect(pickPair(list, { before: 1 }, "x").map((c) => c.capture_id)).toEqual([1, 3]);
    expect(() => pickPair(list, { at: "2026-11-29" }, "x")).toThrow(/no capture after/);
  });
});
