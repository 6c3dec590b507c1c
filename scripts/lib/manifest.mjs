/** manifest.json checks shared by npm run check:manifest and npm run pack: mcpb's schema validation and the icon. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./proc.mjs";

export const MCPB = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
const ICON_SIZE = 512;

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file) {
  const png = readFileSync(file);
  if (png.readUInt32BE(0) !== 0x89504e47 || png.toString("ascii", 12, 16) !== "IHDR") throw new Error(`${file} is not a PNG`);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/**
 * Runs `mcpb validate` quietly (it prints a size recommendation for every PNG, whatever its size) and checks the
 * icon's size itself. Returns a one-line description; throws with mcpb's output when something is wrong.
 */
export function checkManifest(dir = ROOT) {
  try {
    execFileSync(process.execPath, [MCPB, "validate", join(dir, "manifest.json")], { stdio: "pipe", encoding: "utf8", timeout: 60_000 });
  } catch (err) {
    throw new Error(`mcpb validate failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const [width, height] = pngSize(join(dir, manifest.icon));
  if (width !== ICON_SIZE || height !== ICON_SIZE) {
    throw new Error(`${manifest.icon} is ${width}×${height}; mcpb recommends ${ICON_SIZE}×${ICON_SIZE} (node scripts/make-icon.mjs draws it)`);
  }
  return `manifest.json valid (mcpb ${manifest.manifest_version}), ${manifest.tools.length} tools, ${manifest.icon} ${width}×${height}`;
}
