#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `captaincore-mcp` bin: configuration from environment and flags, then MCP over stdio (or --demo).
 * The server (SDK, zod, undici, every operation) is imported only once the arguments say it is needed, so that
 * --help, --version and argument errors answer at once; bench/ measures the path to the first tools/list.
 */
import * as nodeModule from "node:module";
import { setFlagsFromString } from "node:v8";
import { ConfigError, ENV_VARS, flagFor, HTTP_ENV_VARS, loadConfig, type Config } from "./config.js";
import { VERSION } from "./version.js";

// Node ≥ 22.1 can keep the compiled code of every module on disk (os.tmpdir()/node-compile-cache), as tsc's own
// bin does; the server's modules are imported below, after this. Absent on Node 20: nothing happens.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. A few requests in, V8 recompiles that module with
 * TurboFan: a one-off burst of ~30-40 MB of compiler memory that sets the process's peak RSS (bench/: 140 → 110 MB
 * with a 500-site fleet) and buys nothing measurable here. Keep wasm on the baseline compiler. Called once the
 * modules are loaded (a changed V8 flag makes node recompile the built-in modules it loads afterwards, ~20 ms if
 * done first) and before the first request (the module is compiled on the first connection).
 */
function keepWasmOnBaselineCompiler(): void {
  setFlagsFromString("--liftoff-only");
}

const BOOLEAN_FLAGS = new Set(["--read-only", "--allow-http"]);

const HELP = `captaincore-mcp ${VERSION}: an MCP server for the CaptainCore REST API

Usage:
  captaincore-mcp [flags]          serve MCP on stdio
  captaincore-mcp --demo           serve against the built-in simulator (no credentials needed)

Configuration (environment variable, or the flag beside it):
${Object.entries(ENV_VARS)
  .map(([name, text]) => `  ${name.padEnd(26)} ${flagFor(name).padEnd(16)} ${text}`)
  .join("\n")}
  Prefer the environment variable to --app-password: command-line arguments are visible to every local user (ps).

Streamable HTTP instead of stdio:
  --http                 serve MCP at http://HOST:PORT/mcp (stateless unless sessions are on)
  --host H, --port N     where to listen (default 127.0.0.1:8383; a non-loopback host needs a token)
  --http-sessions        keep MCP sessions (same as CAPTAINCORE_MCP_SESSIONS=true)
${Object.entries(HTTP_ENV_VARS)
  .map(([name, text]) => `  ${name.padEnd(32)} ${text}`)
  .join("\n")}

Other flags:
  --demo        start the built-in CaptainCore simulator and use it
  --help        show this help
  --version     print the version
`;

export interface ParsedArgs {
  env: Record<string, string>;
  demo: boolean;
  help: boolean;
  version: boolean;
  http: boolean;
  port?: number;
  host?: string;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { env: {}, demo: false, help: false, version: false, http: false };
  const flagToEnv = new Map(Object.keys(ENV_VARS).map((name) => [flagFor(name), name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--help" || flag === "-h") out.help = true;
    else if (flag === "--version" || flag === "-v") out.version = true;
    else if (flag === "--demo") out.demo = true;
    else if (flag === "--http") out.http = true;
    else if (flag === "--http-sessions") {
      out.http = true;
      out.env.CAPTAINCORE_MCP_SESSIONS = "true";
    }
    else if (flag === "--port" || flag === "--host") {
      const value = inline ?? argv[++i];
      if (!value) throw new ConfigError(`${flag} needs a value.`);
      if (flag === "--port") {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0-65535 (got "${value}").`);
        out.port = port;
      } else out.host = value;
    } else if (flagToEnv.has(flag)) {
      const name = flagToEnv.get(flag)!;
      if (BOOLEAN_FLAGS.has(flag) && inline === undefined) out.env[name] = "true";
      else {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new ConfigError(`${flag} needs a value (or set ${name}).`);
        out.env[name] = value;
      }
    } else {
      throw new ConfigError(`Unknown argument "${arg}". Run captaincore-mcp --help for the list.`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const env: Record<string, string | undefined> = { ...process.env, ...args.env };
  // Start loading the stdio server now; with --demo the simulator loads and starts meanwhile.
  const stdioModules = args.http
    ? undefined
    : Promise.all([import("./server.js"), import("@modelcontextprotocol/sdk/server/stdio.js")]);
  stdioModules?.catch(() => {}); // a failure is reported where it is awaited
  let stopSimulator: (() => Promise<void>) | undefined;
  if (args.demo) {
    const { startSimulator, SEED_USERS } = await import("./simulator/index.js");
    const sim = await startSimulator({ port: Number(process.env.CAPTAINCORE_DEMO_PORT ?? 0) });
    stopSimulator = () => sim.stop();
    env.CAPTAINCORE_URL = sim.origin;
    env.CAPTAINCORE_USERNAME = SEED_USERS.admin.username;
    env.CAPTAINCORE_APP_PASSWORD = SEED_USERS.admin.password;
    env.CAPTAINCORE_DEMO = "true";
    process.stderr.write(`[captaincore-mcp] demo: simulator at ${sim.url} (user ${SEED_USERS.admin.username})\n`);
  }
  const config: Config = loadConfig(env);
  if (args.http) {
    const { serveHttp } = await import("./http/serve.js");
    keepWasmOnBaselineCompiler();
    await serveHttp(config, { port: args.port, host: args.host, env, onClose: stopSimulator });
    return;
  }
  const [{ createServer }, { StdioServerTransport }] = await stdioModules!;
  keepWasmOnBaselineCompiler();
  const { server, close } = createServer(config, undefined, { stderrLogLevel: "warning" });
  const transport = new StdioServerTransport();
  const shutdown = async () => {
    await close();
    await server.close().catch(() => {});
    await stopSimulator?.();
    process.exit(0);
  };
  process.stdin.on("end", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  await server.connect(transport);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`captaincore-mcp: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`captaincore-mcp: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
