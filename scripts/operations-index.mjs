// Run by `npm run build` after tsc: writes dist/operations-index.json, the index (names, toolsets, descriptions,
// input JSON Schemas) the built server starts from without loading the 20 toolset modules (src/server.ts).
import { writeFileSync } from "node:fs";
import { ALL_OPERATIONS } from "../dist/tools/index.js";
import { checkOperations, indexOperations } from "../dist/operations/registry.js";
import { VERSION } from "../dist/version.js";

checkOperations(ALL_OPERATIONS);
const file = new URL("../dist/operations-index.json", import.meta.url);
writeFileSync(file, JSON.stringify({ version: VERSION, operations: indexOperations(ALL_OPERATIONS) }));
if (process.env.VERBOSE && process.env.VERBOSE !== "0") console.log(`operations index: ${ALL_OPERATIONS.length} operations → dist/operations-index.json`);
