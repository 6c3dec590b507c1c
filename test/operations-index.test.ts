/**
 * The built server starts from dist/operations-index.json and loads toolset modules on demand (src/tools/lazy.ts);
 * from src it indexes ALL_OPERATIONS itself. Both must give the same operations, tool definitions and handlers.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkOperations, indexOperations, selectOperations, toolDefinition } from "../src/operations/registry.js";
import { TOOLSETS, type OperationInfo, type ToolsetName } from "../src/operations/types.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { loadOperation, loadToolset } from "../src/tools/lazy.js";
import { VERSION } from "../src/version.js";

const built = new URL("../dist/operations-index.json", import.meta.url);

describe("operation index", () => {
  it("the operations pass checkOperations", () => {
    expect(() => checkOperations(ALL_OPERATIONS)).not.toThrow();
  });

  it.runIf(existsSync(built))("dist/operations-index.json equals the index computed from the operations", () => {
    const index = JSON.parse(readFileSync(built, "utf8"));
    expect(index.version).toBe(VERSION);
    // Byte for byte: JSON round trip of the computed index.
    expect(index.operations).toStrictEqual(JSON.parse(JSON.stringify(indexOperations(ALL_OPERATIONS))));
  });

  it("tool definitions from the index equal those from the operations", () => {
    const infos = indexOperations(ALL_OPERATIONS);
    const fromJson: OperationInfo[] = JSON.parse(JSON.stringify(infos));
    for (const toolsets of [["default"], ["all"]]) {
      const config = { toolsets, readOnly: false };
      expect(selectOperations(fromJson, config).map(toolDefinition)).toStrictEqual(
        JSON.parse(JSON.stringify(selectOperations(ALL_OPERATIONS, config).map(toolDefinition))),
      );
    }
  });

  it("each toolset module holds exactly that toolset's operations, in order", async () => {
    for (const toolset of Object.keys(TOOLSETS) as ToolsetName[]) {
      const ops = await loadToolset(toolset);
      expect(ops).toEqual(ALL_OPERATIONS.filter((op) => op.toolset === toolset));
    }
  });

  it("loadOperation returns the same operation object as ALL_OPERATIONS", async () => {
    for (const op of ALL_OPERATIONS) expect(await loadOperation(op)).toBe(op);
    expect(await loadOperation({ name: "no_such_operation", toolset: "sites" })).toBeUndefined();
  });
});
