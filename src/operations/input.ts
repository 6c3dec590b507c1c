/** An operation's input: its full schema (with `confirm` and `reveal_secrets`), validation, and the error bad input gets. */
import { z } from "zod";
import { parseInput } from "./schemas.js";
import type { Operation } from "./types.js";

/** Bad input: answered as invalid_input, and nothing is sent. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A failure a bespoke handler explains itself (what went wrong and what to do): shown as is, with its code. */
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HandlerError";
  }
}

const schemaCache = new WeakMap<Operation, z.ZodObject>();

/** The operation's full input schema: its fields plus `confirm` (destructive) and `reveal_secrets` (revealable). */
export function inputSchema(op: Operation): z.ZodObject {
  let schema = schemaCache.get(op);
  if (schema) return schema;
  const shape: Record<string, z.core.$ZodType> = { ...op.input };
  if (op.effect === "destructive") {
    shape.confirm = z
      .literal(true, {
        error: () =>
          `this is destructive (${op.confirmText ?? op.summary}); ask the user, then call again with confirm: true`,
      });
  }
  if (op.revealable) {
    // No description: the answer that withholds a secret says to pass it only when the user asked to see it.
    shape.reveal_secrets = z.boolean().default(false);
  }
  schema = z.strictObject(shape);
  schemaCache.set(op, schema);
  return schema;
}

type Schema = z.core.$ZodType & {
  def: { type: string };
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  unwrap?: () => z.core.$ZodType;
};

/** The schema under optional, default and nullable. */
function bare(schema: z.core.$ZodType): Schema {
  let s = schema as Schema;
  while (["optional", "default", "nullable"].includes(s.def.type) && s.unwrap) s = s.unwrap() as Schema;
  return s;
}

/** The object fields a schema's values can hold (through arrays and unions), for "put it inside". */
function innerKeys(schema: z.core.$ZodType, depth = 0): string[] {
  const s = bare(schema);
  if (depth > 4) return [];
  if (s.def.type === "object") return Object.keys(s.shape ?? {});
  if (s.def.type === "array" && s.element) return innerKeys(s.element, depth + 1);
  if (s.def.type === "union") return (s.options ?? []).flatMap((o) => innerKeys(o, depth + 1));
  return [];
}

/** For unknown top-level fields that another field's items hold ("site_id" inside environments), where they go. */
function whereTheyGo(keys: string[], shape?: Record<string, z.core.$ZodType>): string {
  for (const [field, schema] of Object.entries(shape ?? {})) {
    const inner = innerKeys(schema);
    if (keys.every((k) => inner.includes(k))) {
      const example = bare(schema).def.type === "array" ? `, e.g. ${field}: [{${keys.join(", ")}}]` : "";
      return `${keys.length > 1 ? "they go" : "it goes"} inside ${field}${example}`;
    }
  }
  return `remove ${keys.length > 1 ? "them" : "it"}`;
}

export function formatIssues(error: z.ZodError, shape?: Record<string, z.core.$ZodType>): string {
  return error.issues
    .slice(0, 8)
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        const where = issue.path.length ? `remove ${issue.keys.length > 1 ? "them" : "it"}` : whereTheyGo(issue.keys, shape);
        return `- unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: ${where}`;
      }
      if (issue.code === "invalid_key") {
        // zod says only "Invalid key in record": name the key and what is wrong with it.
        const key = String(issue.path[issue.path.length - 1]);
        const where = issue.path.length > 1 ? issue.path.slice(0, -1).join(".") : "(arguments)";
        return `- ${where}: key "${key.length > 40 ? `${key.slice(0, 40)}…` : key}": ${issue.issues.map((i) => i.message).join("; ")}`;
      }
      const path = issue.path.length ? issue.path.join(".") : "(arguments)";
      return `- ${path}: ${issue.message}`;
    })
    .join("\n");
}

export function validate(op: Operation, args: unknown): Record<string, unknown> {
  const parsed = parseInput(inputSchema(op), args ?? {});
  if (!parsed.success) {
    throw new InputError(
      `Invalid arguments for ${op.name}:\n${formatIssues(parsed.error, op.input)}\nNothing was sent to CaptainCore; fix the fields above and call again.`,
    );
  }
  return parsed.data as Record<string, unknown>;
}
