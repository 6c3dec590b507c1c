/**
 * The user confirms, not the model. When the client declares elicitation, an operation that needs confirmation asks
 * the user through elicitation/create — what will happen, on which site/domain/account by name — and runs only on
 * accept. Clients without elicitation keep the `confirm: true` fallback (the model asks in the chat).
 * Reusable: any handler that needs a yes from the user calls the Confirmer it is given.
 */
import type { CallToolResult, ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { ApiRequest, CaptainCoreClient } from "../client/http.js";
import { errorResult, successResult } from "./result.js";
import type { Operation } from "./types.js";

export type ConfirmOutcome = "accept" | "decline" | "cancel";

/** Asks the user about one call of an operation; resolves with the user's answer. */
export type Confirmer = (op: Operation, args: Record<string, unknown>, signal?: AbortSignal) => Promise<ConfirmOutcome>;

/**
 * Whether a call needs the user's yes. Destructive operations always do; writes that may destroy depending on their
 * input say when with confirmWhen (run_site_command remove, copy, rollbacks…). With no arguments yet, only the
 * operation's effect can tell.
 */
export function needsConfirmation(op: Pick<Operation, "effect" | "confirmWhen">, args?: Record<string, unknown>): boolean {
  if (op.effect === "destructive") return true;
  return args !== undefined && op.confirmWhen !== undefined && op.confirmWhen(args as never);
}

/** The form asks nothing: accept, decline or cancel is the answer. */
const CONFIRM_SCHEMA: ElicitRequestFormParams["requestedSchema"] = { type: "object", properties: {} };

/** The only schema this server elicits with is CONFIRM_SCHEMA, so answers are checked here without Ajv. */
export const confirmationValidator: jsonSchemaValidator = {
  getValidator: () => (input: unknown) =>
    input && typeof input === "object" && !Array.isArray(input)
      ? { valid: true, data: input as never, errorMessage: undefined }
      : { valid: false, data: undefined, errorMessage: "an elicitation answer must be an object" },
};

type Send = (req: Pick<ApiRequest, "method" | "path">) => Promise<unknown>;

async function nameOf(send: Send, path: string, idKey: string, id: unknown, pick = "name"): Promise<string | undefined> {
  try {
    const data = await send({ method: "GET", path });
    const rows = Array.isArray(data) ? data : [data];
    const row = rows.find((r) => r && typeof r === "object" && String((r as Record<string, unknown>)[idKey] ?? id) === String(id));
    const name = (row as Record<string, unknown> | undefined)?.[pick];
    return typeof name === "string" && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** "site 1 (acme-shop.test), domain 3 (acme-shop.test)": the targets of a call, by name where CaptainCore says. */
export async function describeTargets(args: Record<string, unknown>, send: Send): Promise<string[]> {
  const parts: Promise<string | undefined>[] = [];
  const label = (what: string, id: unknown, name: Promise<string | undefined>) =>
    name.then((n) => `${what} ${String(id)}${n ? ` (${n})` : ""}`);
  if (typeof args.site_id === "number") parts.push(label("site", args.site_id, nameOf(send, `/sites/${args.site_id}`, "site_id", args.site_id)));
  if (typeof args.domain_id === "number") parts.push(label("domain", args.domain_id, nameOf(send, "/domains", "domain_id", args.domain_id)));
  if (typeof args.account_id === "number") parts.push(label("account", args.account_id, nameOf(send, "/accounts", "account_id", args.account_id)));
  if (Array.isArray(args.site_id)) parts.push(Promise.resolve(`sites ${args.site_id.join(", ")}`));
  if (typeof args.command === "string") parts.push(Promise.resolve(`command ${args.command}`));
  if (Array.isArray(args.environments)) {
    const where = args.environments.map((e) =>
      e && typeof e === "object" ? `site ${String((e as Record<string, unknown>).site_id)} ${String((e as Record<string, unknown>).environment)}` : `environment ${String(e)}`,
    );
    parts.push(Promise.resolve(where.join(", ")));
  }
  if (typeof args.code === "string") parts.push(Promise.resolve(`script: ${args.code.length > 300 ? `${args.code.slice(0, 300)}…` : args.code}`));
  if (typeof args.environment === "string") parts.push(Promise.resolve(`${args.environment} environment`));
  const other = Object.entries(args).filter(
    ([k, v]) => /(^id|_id|hash)$/.test(k) && !["site_id", "domain_id", "account_id"].includes(k) && (typeof v === "number" || typeof v === "string"),
  );
  for (const [k, v] of other) parts.push(Promise.resolve(`${k.replace(/_id$/, "").replace(/_/g, " ")} ${String(v)}`));
  return (await Promise.all(parts)).filter((p): p is string => Boolean(p));
}

/** The sentence the user reads: what will happen, where, and what it cannot undo. */
export async function confirmationMessage(op: Operation, args: Record<string, unknown>, send: Send): Promise<string> {
  const targets = await describeTargets(args, send);
  const what = `${op.summary.replace(/\.$/, "")}${targets.length ? ` — ${targets.join(", ")}` : ""}`;
  return `Allow the assistant to run ${op.name}? ${what}. ${op.confirmText ?? "This cannot be undone."}`;
}

export interface ElicitingServer {
  getClientCapabilities(): { elicitation?: { form?: object } } | undefined;
  elicitInput(params: ElicitRequestFormParams, options?: { signal?: AbortSignal }): Promise<ElicitResult>;
}

/** A Confirmer that asks through elicitation, or undefined when this client cannot be asked. */
export function elicitingConfirmer(server: ElicitingServer, client: CaptainCoreClient): Confirmer | undefined {
  if (!server.getClientCapabilities()?.elicitation?.form) return undefined;
  return async (op, args, signal) => {
    const send: Send = (req) => client.request({ ...req, retry: true, signal });
    const message = await confirmationMessage(op, args, send);
    const answer = await server.elicitInput({ mode: "form", message, requestedSchema: CONFIRM_SCHEMA }, { signal });
    return answer.action;
  };
}

/** What the model is told when the user said no: nothing happened, and not to try again on its own. */
export function notConfirmedText(op: Operation, outcome: Exclude<ConfirmOutcome, "accept">): string {
  const why = outcome === "decline" ? "The user declined" : "The user dismissed the confirmation";
  return `${why} ${op.name}; nothing was sent and nothing changed. Do not retry unless the user asks for it again.`;
}

/**
 * Asks when the call needs it and a Confirmer is there: undefined means go ahead (the user accepted, or nobody needs
 * to be asked); otherwise the result to return (declined, dismissed, or the user could not be asked), nothing sent.
 */
export async function askUser(
  op: Operation,
  args: Record<string, unknown>,
  confirm: Confirmer | undefined,
  signal?: AbortSignal,
): Promise<CallToolResult | undefined> {
  if (!confirm || !needsConfirmation(op, args)) return undefined;
  let outcome: ConfirmOutcome;
  try {
    outcome = await confirm(op, args, signal);
  } catch (err) {
    return errorResult(
      `${op.name} needs the user's confirmation, but asking failed (${(err as Error)?.message ?? String(err)}); nothing was sent. Ask the user in the chat and call again.`,
      { code: "not_confirmed" },
    );
  }
  if (outcome === "accept") return undefined;
  return successResult({ done: false, outcome: outcome === "decline" ? "declined" : "cancelled", note: notConfirmedText(op, outcome) });
}
