/** npm run docs: regenerate the README tool reference and manifest.json's tools; --check fails when stale. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ALL_OPERATIONS } from "../tools/index.js";
import { manifestTools, replaceReference, toolReference } from "./reference.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const check = process.argv.includes("--check");
const stale: string[] = [];

function update(file: string, next: string): void {
  const path = `${root}${file}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (current === next) return;
  if (check) stale.push(file);
  else writeFileSync(path, next);
}

const readme = readFileSync(`${root}README.md`, "utf8");
update("README.md", replaceReference(readme, toolReference(ALL_OPERATIONS)));

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
