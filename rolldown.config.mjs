// Bundles the bin: resolving and loading ~400 modules was most of the start time (BENCHMARKS.md).
// dist/cli.js (tsc output) is replaced by the bundle; lazily loaded parts (server, simulator, HTTP) become chunks
// beside it, under fixed names so that each build overwrites them. The rest of dist/ stays for library use.
export default {
  input: "dist/cli.js",
  platform: "node",
  output: { dir: "dist", format: "esm", chunkFileNames: "cli-[name].js" },
};
