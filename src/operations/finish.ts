/**
 * The exit every tool result, resource and prompt passes through: one shape per kind of fact (shape.ts), hints that
 * name callable tools (hints.ts), a note when a search found nothing, and command output as its own text block (the
 * model reads it as text, not as a JSON string with escaped newlines; structuredContent keeps the field).
 */
import type { CallToolResult, GetPromptResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { qualifyHints, qualifyToolNames, type Callable } from "./hints.js";
import { normaliseShape } from "./shape.js";
import type { Row } from "./render.js";

/** Where a list came back empty for a search, say what was searched and what to try. */
function emptySearchHint(data: Row, args: Row | undefined): Row {
  const search = typeof args?.search === "string" ? args.search.trim() : "";
  if (!search || data.total !== 0 || data.hint !== undefined) return data;
  const filters = Object.entries(args ?? {})
    .filter(([k, v]) => !["search", "limit", "offset"].includes(k) && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}=${String(v)}`);
  return {
    ...data,
    hint:
      `Nothing matched search "${search}"${filters.length ? ` with ${filters.join(", ")}` : ""} (case-insensitive, part of a name or address). ` +
      "Try a shorter or different word, or leave search out to list everything.",
  };
}

function isCommandOutput(value: unknown): value is string {
  return typeof value === "string" && /[\n\t]/.test(value);
}

/**
 * The finished tool result. `args` are the call's arguments (for the empty-search note); `self` names the operation
 * the result is about (the tool, or the operation a catalog call ran), which is never rewritten into a catalog call.
 */
export function finishToolResult(result: CallToolResult, known: Callable, args?: Row, self: readonly string[] = []): CallToolResult {
  const callable = self.length ? { ...known, loaded: new Set([...known.loaded, ...self]) } : known;
  const structured = result.structuredContent;
  const dataText = structured ? JSON.stringify(structured) : undefined;
  let shaped: Row | undefined;
  let jsonText: string | undefined;
  let outputText: string | undefined;
  if (structured) {
    shaped = qualifyHints(normaliseShape(structured), callable) as Row;
    if (!result.isError) shaped = emptySearchHint(shaped, args);
    if (isCommandOutput(shaped.output)) {
      outputText = shaped.output;
      const { output: _output, ...rest } = shaped;
      jsonText = JSON.stringify({ ...rest, output: "(in the next text block)" });
    } else jsonText = JSON.stringify(shaped);
  }
  const content: CallToolResult["content"] = [];
  for (const block of result.content) {
    if (block.type !== "text") content.push(block);
    else if (dataText !== undefined && block.text === dataText) {
      content.push({ type: "text", text: jsonText! });
      if (outputText !== undefined) content.push({ type: "text", text: outputText });
    } else content.push({ ...block, text: qualifyToolNames(block.text, callable) });
  }
  const out: CallToolResult = { ...result, content };
  if (shaped) out.structuredContent = shaped;
  return out;
}

/** JSON resource contents in the same shape as tool results. */
export function finishResource(result: ReadResourceResult, callable: Callable): ReadResourceResult {
  const contents = result.contents.map((c) => {
    if (!("text" in c) || c.mimeType !== "application/json") return c;
    try {
      const shaped = qualifyHints(normaliseShape(JSON.parse(c.text)), callable);
      return { ...c, text: JSON.stringify(shaped) };
    } catch {
      return c;
    }
  });
  return { ...result, contents };
}

/** Prompt texts name tools the agent can call. */
export function finishPrompt(result: GetPromptResult, callable: Callable): GetPromptResult {
  const messages = result.messages.map((m) =>
    m.content.type === "text" ? { ...m, content: { ...m.content, text: qualifyToolNames(m.content.text, callable) } } : m,
  );
  return { ...result, messages };
}
