#!/usr/bin/env node
/**
 * Functions longer than a limit (100 lines) in src/, outside the simulator: "small rooms" (issue 20). Lists them and
 * exits 1 when there are any; test/long-functions.test.ts runs the same check. Parses with rolldown's oxc parser.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAst } from "rolldown/parseAst";

export const MAX_FUNCTION_LINES = 100;
const root = fileURLToPath(new URL("..", import.meta.url));
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

function sourceFiles(dir, skip) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip.some((s) => path.startsWith(s))) return [];
    if (entry.isDirectory()) return sourceFiles(path, skip);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The name a function goes by: its own, or the variable, property or method it is assigned to. */
function nameOf(node, parent) {
  if (node.id?.name) return node.id.name;
  const key = parent?.key ?? parent?.id;
  if (key?.name) return key.name;
  if (key?.value !== undefined) return String(key.value);
  return "(anonymous)";
}

/** Every function of one file with its length in lines. */
export function functionLengths(file) {
  const text = readFileSync(file, "utf8");
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out = [];
  const visit = (node, parent) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent));
    if (FUNCTIONS.has(node.type)) {
      const line = lineOf(node.start);
      out.push({ file: relative(root, file), line, name: nameOf(node, parent), lines: lineOf(node.end) - line + 1 });
    }
    for (const [key, value] of Object.entries(node)) if (key !== "type" && value && typeof value === "object") visit(value, node);
  };
  visit(parseAst(text, { lang: "ts" }, file), undefined);
  return out;
}

/** Functions in src/ (outside src/simulator) longer than `max` lines, longest first. */
export function longFunctions(max = MAX_FUNCTION_LINES) {
  const files = sourceFiles(join(root, "src"), [join(root, "src", "simulator")]);
  return files.flatMap(functionLengths).filter((f) => f.lines > max).sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const long = longFunctions();
  for (const f of long) console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines`);
  if (long.length) {
    console.log(`${long.length} function(s) longer than ${MAX_FUNCTION_LINES} lines`);
    process.exit(1);
  }
}
