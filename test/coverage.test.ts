/** Every documented endpoint (test/fixtures/endpoints.txt, see test/fixtures/README.md) is reached by an operation, and the simulator answers it. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Simulator } from "../src/simulator/index.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";

const shape = (method: string, path: string) => `${method} ${path.replace(/\{[a-z_]+\}/g, "{}")}`;
const listFile = new URL("./fixtures/endpoints.txt", import.meta.url);

describe("endpoint coverage", () => {
  it("the documented endpoint list is here", () => {
    expect(existsSync(listFile)).toBe(true);
  });

  const documented = readFileSync(listFile, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

  it("every documented endpoint has an operation", () => {
    const ours = new Set(ALL_OPERATIONS.map((op) => shape(op.method, op.path)));
    const missing = documented.filter((line) => {
      const [method, path] = line.split(" ");
      return !ours.has(shape(method!, path!));
    });
    console.log(`endpoint coverage: ${documented.length - missing.length}/${documented.length} documented endpoints have an operation`);
    expect(missing).toEqual([]);
  });

  it("the simulator has a route for every documented endpoint", () => {
    const routes = new Set(new Simulator().router.list().map((r) => shape(r.split(" ")[0]!, r.split(" ")[1]!)));
    const missing = documented.filter((line) => {
      const [method, path] = line.split(" ");
      return !routes.has(shape(method!, path!));
    });
    expect(missing).toEqual([]);
  });
});
