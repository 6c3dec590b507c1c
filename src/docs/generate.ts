/** npm run docs: regenerate docs/TOOLS.md and manifest.json's tools from the operations; --check fails when stale. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_OPERATIONS } from "../tools/index.js";
import { manifestTools, toolsDocument } from "./reference.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const check = process.argv.includes("--check");
const stale: string[] = [];

function update(file: string, next: string): void {
  const path = `${root}${file}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (current === next) return;
  if (check) stale.push(file);
  else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, next);
  }
}

update("docs/TOOLS.md", toolsDocument(ALL_OPERATIONS));

if (existsSync(`${root}manifest.json`)) {
  const manifest = JSON.parse(readFileSync(`${root}manifest.json`, "utf8")) as Record<string, unknown>;
  manifest.tools = manifestTools(ALL_OPERATIONS);
  update("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
}

if (stale.length) {
  process.stderr.write(`Out of date: ${stale.join(", ")}. Run npm run docs and commit the result.\n`);
  process.exit(1);
}
process.stdout.write(check ? "docs are current\n" : "docs regenerated\n");
