// Bundles the bin: resolving and loading ~400 modules was most of the start time (BENCHMARKS.md).
// dist/cli.js (tsc output) is replaced by the bundle; lazily loaded parts (server, simulator, HTTP) become chunks
// beside it, under fixed names so that each build overwrites them. The rest of dist/ stays for library use.
import { fileURLToPath } from "node:url";

const ajvStub = fileURLToPath(new URL("./dist/stubs/ajv-provider.js", import.meta.url));

/** The SDK's Ajv provider is only used for elicitation, which this server never requests. */
const leaveOutAjv = {
  name: "leave-out-ajv",
  resolveId(source) {
    return /validation\/ajv-provider\.js$/.test(source) ? ajvStub : null;
  },
};

export default {
  input: "dist/cli.js",
  platform: "node",
  plugins: [leaveOutAjv],
  output: { dir: "dist", format: "esm", chunkFileNames: "cli-[name].js" },
};
