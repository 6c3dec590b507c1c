/**
 * Vitest setup: the server's own stderr lines ("[captaincore-mcp] warning: get_site failed", request lines of the
 * HTTP transport) are what an operator reads, not test output. They are held per test and printed only when that
 * test fails, so a passing run shows no warning lines and a failing one keeps its context.
 */
import { beforeEach, onTestFailed } from "vitest";

const PREFIX = "[captaincore-mcp] ";
const write = process.stderr.write.bind(process.stderr);
let held: string[] = [];

process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  if (!text.startsWith(PREFIX)) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  held.push(text);
  const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
  done?.();
  return true;
}) as typeof process.stderr.write;

beforeEach(() => {
  held = [];
  onTestFailed(() => {
    for (const line of held) write(line);
  });
});
