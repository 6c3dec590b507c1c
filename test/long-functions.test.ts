/** Small rooms: no function in src/ outside the simulator is longer than 100 lines (npm run check:functions). */
import { describe, expect, it } from "vitest";
import { functionLengths, longFunctions, MAX_FUNCTION_LINES } from "../scripts/long-functions.mjs";

describe("function length", () => {
  it(`no function in src/ (outside src/simulator) is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = longFunctions();
    expect(long.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([]);
  });

  it("measures functions, arrows and methods by name", () => {
    const found = functionLengths(new URL("../src/operations/request.ts", import.meta.url).pathname);
    expect(found.map((f) => f.name)).toEqual(expect.arrayContaining(["buildPath", "buildRequest", "callRequest", "retries"]));
    expect(found.every((f) => f.lines >= 1)).toBe(true);
  });
});
