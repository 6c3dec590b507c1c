/** Every documented endpoint (docs/api/endpoints.txt, see docs/api/SOURCE.md) is reached by an operation, and the simulator answers it. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulator } from "../src/simulator/index.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";

const shape = (method: string, path: string) => `${method} ${path.replace(/\{[a-z_]+\}/g, "{}")}`;
const apiDocs = new URL("../docs/api/", import.meta.url);

const documented = readFileSync(new URL("endpoints.txt", apiDocs), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean);
const described = JSON.parse(readFileSync(new URL("endpoints.json", apiDocs), "utf8")) as { method: string; path: string }[];

const notIn = (known: Set<string>) =>
  documented.filter((line) => {
    const [method, path] = line.split(" ");
    return !known.has(shape(method!, path!));
  });

describe("endpoint coverage", () => {
  it("the endpoint list and its descriptions agree, line for line", () => {
    expect(documented.length).toBeGreaterThanOrEqual(210);
    expect(described.map((e) => `${e.method} ${e.path}`)).toEqual(documented);
  });

  it(`every one of the ${documented.length} documented endpoints has an operation`, () => {
    expect(notIn(new Set(ALL_OPERATIONS.map((op) => shape(op.method, op.path))))).toEqual([]);
  });

  it("the simulator has a route for every documented endpoint", () => {
    const routes = new Simulator().router.list().map((r) => shape(r.split(" ")[0]!, r.split(" ")[1]!));
    expect(notIn(new Set(routes))).toEqual([]);
  });
});

describe("self-contained", () => {
  // A path to the shared folder inside a string (comments that mention it are no reading).
  const OUTSIDE = new RegExp(`["'\`][^"'\`\n]*(?:\\.\\./|/work/)${"shared"}\\b`);
  const ownFiles = (dir: string): string[] =>
    readdirSync(new URL(`../${dir}/`, import.meta.url), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));

  it("nothing in src, test, scripts, bench or .ci reads the shared folder beside our own checkouts", () => {
    const files = ["src", "test", "scripts", "bench", ".ci"].flatMap(ownFiles);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) => OUTSIDE.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
