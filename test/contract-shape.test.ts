/** The comparator behind the contract tests catches what it must: keys, JSON types, form; and allows richer lists. */
import { describe, expect, it } from "vitest";
import { compareShape } from "./contract/shape.js";

const kinds = (real: unknown, sim: unknown) => compareShape(real, sim).mismatches.map((m) => `${m.kind} ${m.path} ${m.real}→${m.sim}`);

describe("compareShape", () => {
  it("accepts the same shape with other values, and counts the keys it compared", () => {
    const result = compareShape({ site_id: "1", tags: ["a"], env: { port: 22 } }, { site_id: "47", tags: [], env: { port: 2222 } });
    expect(result.mismatches).toEqual([]);
    expect(result.keysCompared).toBe(4);
  });

  it("flags a string id sent as a number, a false sent as a string, a null filled in", () => {
    expect(kinds({ site_id: "1", remote_upload_uri: false, token: null }, { site_id: 1, remote_upload_uri: "", token: "x" })).toEqual([
      "type $.site_id string→number",
      "type $.remote_upload_uri boolean→string",
      "type $.token null→string",
    ]);
  });

  it("flags missing and extra keys at any depth", () => {
    expect(kinds({ a: { b: 1, c: 2 } }, { a: { b: 1, d: 3 } })).toEqual(["missing-key $.a.c number→absent", "extra-key $.a.d absent→number"]);
  });

  it("flags array-versus-object and bare-scalar form", () => {
    expect(kinds([], {})).toEqual(["type $ array→object"]);
    expect(kinds("https://x", { url: "https://x" })).toEqual(["type $ string→object"]);
  });

  it("compares each simulated item with the closest recorded item, once per path", () => {
    const real = [{ id: 1, offload: null }, { id: 2, offload: null }];
    const sim = [{ id: 1, offload: null }, { id: 2, offload: "s3" }, { id: 3, offload: "s3", extra: true }];
    expect(kinds(real, sim)).toEqual(["type $[].offload null→string", "extra-key $[].extra absent→boolean"]);
  });

  it("learns nothing about items from an empty recorded list", () => {
    expect(kinds({ items: [] }, { items: [{ anything: 1 }] })).toEqual([]);
  });
});
