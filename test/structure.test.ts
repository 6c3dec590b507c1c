/**
 * The seams the code keeps (issue 20): toolset modules build no path by hand (ctx.call fills and encodes the path),
 * and they depend on src/operations and tools/shared.ts, never on each other or on the client's internals.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("../src/tools/", import.meta.url);
/** Not toolsets: the list of toolsets, the index, the loader and the shared module itself. */
const NOT_TOOLSETS = new Set(["index.ts", "lazy.ts", "toolsets.ts", "shared.ts", "catalog.ts"]);
const toolsets = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !NOT_TOOLSETS.has(f))
  .map((file) => ({ file, text: readFileSync(new URL(file, dir), "utf8") }));

describe("toolset modules", () => {
  it("build no request path by hand: ctx.call fills and encodes every path", () => {
    const handBuilt = toolsets
      .flatMap(({ file, text }) =>
        text
          .split("\n")
          .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
          .filter(({ line }) => /ctx\.send\(|encodeURIComponent\(|buildPath\(|ctx\.call\(\{[^}]*path: `/.test(line)),
      )
      .map(({ where, line }) => `${where} ${line.trim()}`);
    expect(handBuilt).toEqual([]);
  });

  it("import neither each other nor the client's internals (shared helpers live in tools/shared.ts)", () => {
    const bad = toolsets.flatMap(({ file, text }) =>
      [...text.matchAll(/from "(\.\/[^"]+|\.\.\/client\/[^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((from) => from !== "./shared.js" && from !== "../client/errors.js")
        .map((from) => `${file} imports ${from}`),
    );
    expect(bad).toEqual([]);
  });
});
