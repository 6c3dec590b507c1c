import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, normaliseBaseUrl } from "../src/config.js";
import { buildRequest, encodePathValue } from "../src/operations/executor.js";
import { defineOperation } from "../src/operations/types.js";
import { z } from "zod";

const base = { CAPTAINCORE_USERNAME: "u", CAPTAINCORE_APP_PASSWORD: "abcd efgh ijkl mnop" };

describe("config", () => {
  it("accepts the site root or the API base, and forgives a copied /wp-admin or /wp-json address", () => {
    for (const url of [
      "https://anchor.host",
      "https://anchor.host/",
      "https://anchor.host//",
      "https://anchor.host/wp-admin",
      "https://anchor.host/wp-admin/",
      "https://anchor.host/wp-json",
      "https://anchor.host/wp-json/",
      "https://anchor.host/wp-json/captaincore/v1",
      "https://anchor.host/wp-json/captaincore/v1/",
      "  https://Anchor.Host/WP-Admin/ ",
    ]) {
      expect(normaliseBaseUrl(url, false), url).toBe("https://anchor.host/wp-json/captaincore/v1");
    }
  });

  it("keeps the folder of WordPress installed in a subfolder when the address shows it", () => {
    expect(normaliseBaseUrl("https://example.com/wp/wp-json/captaincore/v1", false)).toBe("https://example.com/wp/wp-json/captaincore/v1");
    expect(normaliseBaseUrl("https://example.com/wp/wp-admin/", false)).toBe("https://example.com/wp/wp-json/captaincore/v1");
    expect(normaliseBaseUrl("https://example.com:8443/wp/wp-json", false)).toBe("https://example.com:8443/wp/wp-json/captaincore/v1");
  });

  it("refuses any other address with one line naming the variable and the expected form", () => {
    for (const url of [
      "https://anchor.host/account/",
      "https://anchor.host/wp-json/captaincore",
      "https://anchor.host/wp-json/wp/v2",
      "https://anchor.host/wp-admin/admin.php",
      "https://anchor.host/wp-login.php",
      "https://anchor.host/?page=sites",
      "https://anchor.host/#/sites",
      "https://example.com/wp/",
    ]) {
      let message = "";
      try {
        normaliseBaseUrl(url, false);
      } catch (err) {
        expect(err, url).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message, url).toMatch(/^CAPTAINCORE_URL must be the site root \(https:\/\/[a-z.]+\) or the API base \(https:\/\/[a-z.]+\/wp-json\/captaincore\/v1\); got "/);
      expect(message, url).not.toContain("\n");
      expect(message, url).not.toContain("page=sites");
    }
  });

  it("refuses plain http except to loopback or when allowed", () => {
    expect(() => normaliseBaseUrl("http://anchor.host", false)).toThrow(/CAPTAINCORE_ALLOW_HTTP/);
    expect(normaliseBaseUrl("http://127.0.0.1:8080", false)).toBe("http://127.0.0.1:8080/wp-json/captaincore/v1");
    expect(normaliseBaseUrl("http://anchor.host", true)).toBe("http://anchor.host/wp-json/captaincore/v1");
  });

  it("names the variable that is missing or malformed", () => {
    expect(() => loadConfig({ ...base })).toThrow(/CAPTAINCORE_URL/);
    expect(() => loadConfig({ CAPTAINCORE_URL: "https://a.test", CAPTAINCORE_USERNAME: "u" })).toThrow(/CAPTAINCORE_APP_PASSWORD/);
    expect(() => loadConfig({ ...base, CAPTAINCORE_URL: "https://a.test", CAPTAINCORE_TIMEOUT_MS: "soon" })).toThrow(/CAPTAINCORE_TIMEOUT_MS/);
    expect(() => loadConfig({ ...base, CAPTAINCORE_URL: "https://a.test", CAPTAINCORE_READ_ONLY: "maybe" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, CAPTAINCORE_URL: "not a url" })).toThrow(/not a valid URL/);
    const config = loadConfig({ ...base, CAPTAINCORE_URL: "https://a.test", CAPTAINCORE_TOOLSETS: "Sites, dns", CAPTAINCORE_READ_ONLY: "yes" });
    expect(config.toolsets).toEqual(["sites", "dns"]);
    expect(config.readOnly).toBe(true);
  });
});

describe("request building", () => {
  const op = defineOperation({
    name: "probe",
    toolset: "sites",
    method: "POST",
    path: "/sites/{site_id}/{environment}/thing",
    summary: "probe",
    input: { site_id: z.number(), environment: z.string(), q: z.string().optional(), b: z.number().optional() },
    effect: "write",
    query: ["q"],
  });

  it("percent-encodes every path value and refuses dot segments", () => {
    expect(encodePathValue("x", "a/b?c#d")).toBe("a%2Fb%3Fc%23d");
    expect(encodePathValue("x", "%2e%2e")).toBe("%252e%252e");
    expect(() => encodePathValue("x", "..")).toThrow(/cannot be/);
    expect(() => encodePathValue("x", ".")).toThrow(/cannot be/);
    expect(() => encodePathValue("x", "")).toThrow(/cannot be/);
  });

  it("puts path params in the path, listed keys in the query and the rest in the body", () => {
    const req = buildRequest(op, { site_id: 5, environment: "../staging", q: "x", b: 2 });
    expect(req.path).toBe("/sites/5/..%2Fstaging/thing");
    expect(req.query).toEqual({ q: "x" });
    expect(req.body).toEqual({ b: 2 });
    expect(req.retry).toBe(false);
  });
});
