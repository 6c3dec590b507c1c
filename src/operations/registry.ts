/** Toolsets, the default set, `all`, read-only filtering, and the MCP tool definition derived from each operation. */
import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, type Config } from "../config.js";
import { inputSchema } from "./executor.js";
import { toInputJsonSchema } from "./json-schema.js";
import { TOOLSET_NAMES } from "../tools/toolsets.js";
import { TOOLSETS, type Operation, type OperationInfo } from "./types.js";

export { TOOLSET_NAMES, toInputJsonSchema };

/** Checks names, duplicates and that every {param} of a path is an input field. Run once at start and in tests. */
export function checkOperations(ops: readonly Operation[]): void {
  const seen = new Set<string>();
  for (const op of ops) {
    if (!/^[a-z][a-z0-9_]{2,39}$/.test(op.name)) throw new Error(`operation name "${op.name}" must be snake_case, ≤ 40 chars`);
    if (seen.has(op.name)) throw new Error(`duplicate operation name ${op.name}`);
    seen.add(op.name);
    if (!(op.toolset in TOOLSETS)) throw new Error(`${op.name}: unknown toolset ${op.toolset}`);
    const named = new Set([...Object.keys(op.input), ...Object.values(op.rename ?? {}), ...Object.keys(op.fixed ?? {})]);
    for (const m of op.path.matchAll(/\{([a-z_]+)\}/g)) {
      if (!op.run && !named.has(m[1]!)) throw new Error(`${op.name}: path parameter {${m[1]}} is not an input field`);
    }
  }
}

/** Which operations become tools under this configuration; the rest stay reachable through the catalog. */
export function selectOperations<T extends Pick<Operation, "toolset" | "effect" | "core">>(
  all: readonly T[],
  config: Pick<Config, "toolsets" | "readOnly">,
): T[] {
  const wanted = new Set(config.toolsets);
  for (const name of wanted) {
    if (name !== "all" && name !== "default" && !(name in TOOLSETS)) {
      throw new ConfigError(
        `CAPTAINCORE_TOOLSETS has an unknown toolset "${name}". Use all, default, or a comma list of: ${TOOLSET_NAMES.join(", ")}.`,
      );
    }
  }
  return all.filter((op) => {
    if (config.readOnly && op.effect !== "read") return false;
    if (wanted.has("all")) return true;
    if (wanted.has("default") && op.core) return true;
    return wanted.has(op.toolset);
  });
}

/**
 * Only the hints that differ from what the spec lets a client assume, to keep tools/list small: reads say
 * readOnlyHint: true (the other hints only apply to writes); a write leaves readOnlyHint out (its default is false:
 * ~130 tools, ~740 tokens) but states destructiveHint either way, so that every tool says plainly whether it reads or
 * what a write risks, and idempotentHint when true. openWorldHint defaults to true, which is right for every operation.
 */
export function annotationsFor(op: Pick<Operation, "effect" | "idempotent" | "mayDestroy">): ToolAnnotations {
  if (op.effect === "read") return { readOnlyHint: true };
  const hints: ToolAnnotations = { destructiveHint: op.effect === "destructive" || op.mayDestroy === true };
  if (op.idempotent) hints.idempotentHint = true;
  return hints;
}

/** Words written in capitals in a title ("Create DNS record", "Get invoice PDF"). */
const ACRONYMS = new Set(["dns", "ssh", "pdf", "api", "url", "ach", "tfa", "wp", "php", "cli", "epp", "mx", "smtp", "id", "ids"]);

export function titleOf(name: string): string {
  const words = name.split("_").map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  return [words[0]![0]!.toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(" ");
}

/** JSON Schema for the input, converted from zod once and cached. */
const jsonSchemaCache = new WeakMap<Operation, Tool["inputSchema"]>();

export function inputJsonSchema(op: Operation): Tool["inputSchema"] {
  let schema = jsonSchemaCache.get(op);
  if (!schema) {
    schema = toInputJsonSchema(inputSchema(op));
    jsonSchemaCache.set(op, schema);
  }
  return schema;
}

export function describe(op: Pick<Operation, "summary" | "description">): string {
  return op.description ? `${op.summary}. ${op.description}` : `${op.summary}.`;
}

export function toolDefinition(op: Operation | OperationInfo): Tool {
  return {
    name: op.name,
    title: op.title ?? titleOf(op.name),
    description: describe(op),
    inputSchema: "inputSchema" in op ? op.inputSchema : inputJsonSchema(op),
    annotations: annotationsFor(op),
  };
}

const infoCache = new WeakMap<readonly Operation[], OperationInfo[]>();

/** The operations as the index the server works from; the build writes the same to dist/operations-index.json. */
export function indexOperations(ops: readonly Operation[]): OperationInfo[] {
  let infos = infoCache.get(ops);
  if (!infos) {
    infos = ops.map((op) => {
      const info: OperationInfo = {
        name: op.name,
        toolset: op.toolset,
        method: op.method,
        path: op.path,
        summary: op.summary,
        effect: op.effect,
        inputSchema: inputJsonSchema(op),
      };
      if (op.description !== undefined) info.description = op.description;
      if (op.title !== undefined) info.title = op.title;
      if (op.words !== undefined) info.words = op.words;
      if (op.asks !== undefined) info.asks = op.asks;
      if (op.commands !== undefined) info.commands = op.commands;
      if (op.core !== undefined) info.core = op.core;
      if (op.idempotent !== undefined) info.idempotent = op.idempotent;
      if (op.mayDestroy !== undefined) info.mayDestroy = op.mayDestroy;
      return info;
    });
    infoCache.set(ops, infos);
  }
  return infos;
}
