#!/usr/bin/env node
/**
 * npm run build's last step: bundle dist/cli.js with rolldown.config.mjs through rolldown's API, so that a build
 * prints nothing on success. VERBOSE=1 prints the chunk table (file and size) that `rolldown -c` would.
 */
import { rolldown } from "rolldown";
import config from "../rolldown.config.mjs";

const { output, ...input } = config;
const bundle = await rolldown(input);
try {
  const { output: files } = await bundle.write(output);
  if (process.env.VERBOSE && process.env.VERBOSE !== "0") {
    for (const file of files) {
      const bytes = Buffer.byteLength(file.type === "chunk" ? file.code : file.source);
      process.stdout.write(`${`dist/${file.fileName}`.padEnd(32)} ${file.type.padEnd(6)} ${(bytes / 1000).toFixed(2).padStart(9)} kB\n`);
    }
  }
} finally {
  await bundle.close();
}
