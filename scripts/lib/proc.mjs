/** Small helpers for the CI client checks: time-bounded child processes and a demo HTTP server. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Runs a command to completion, killing it (by its pid) after timeoutMs. Never throws. */
export function run(command, args, { timeoutMs = 120_000, env = process.env, cwd = ROOT, input } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (err) => {
      stderr += String(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/**
 * Starts `captaincore-mcp --demo --http --port 0` and waits for its "listening on" line.
 * Returns {url, simulatorUrl, username, pid, stderr(), stop()}; stop() sends SIGTERM and resolves with the exit code.
 */
export function startDemoHttp({ env = {}, bin = BIN, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "--demo", "--http", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    let done = false;
    const exited = new Promise((r) => child.on("exit", (code, signal) => r(code ?? signal)));
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill("SIGKILL");
      reject(new Error(`the HTTP server did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stderr.on("data", (d) => {
      err += d;
      const listening = /listening on (http:\/\/\S+)/.exec(err);
      const sim = /demo: simulator at (http:\/\/\S+) \(user (\S+)\)/.exec(err);
      if (!done && listening && sim) {
        done = true;
        clearTimeout(timer);
        resolve({
          url: listening[1],
          simulatorUrl: sim[1],
          username: sim[2],
          pid: child.pid,
          stderr: () => err,
          stop: async (graceMs = 10_000) => {
            child.kill("SIGTERM");
            const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), graceMs))]);
            if (code === "timeout") child.kill("SIGKILL");
            return code;
          },
        });
      }
    });
    child.on("exit", (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`the HTTP server exited with ${code} before listening:\n${err}`));
    });
  });
}

export function fail(message) {
  process.stderr.write(`FAIL ${message}\n`);
  process.exitCode = 1;
}

export function pass(message) {
  process.stdout.write(`ok   ${message}\n`);
}
