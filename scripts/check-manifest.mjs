#!/usr/bin/env node
/** npm run check:manifest: `mcpb validate` and a 512×512 icon, in one line (mcpb's own output only on failure). */
import { checkManifest } from "./lib/manifest.mjs";
import { fail, pass } from "./lib/proc.mjs";

try {
  pass(checkManifest());
} catch (err) {
  fail(err.message);
}
