/**
 * The generic executor: validate (nothing is sent on bad input), refuse writes in read-only mode, build the request
 * (every path parameter percent-encoded, dot segments refused), send it, redact, render, cap. Errors come back as
 * isError results that say what failed and what to do next.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApiRequest, CaptainCoreClient } from "../client/http.js";
import { isSpecial, type Special } from "../client/normalize.js";
import type { Config } from "../config.js";
import { redactSecrets, secretValuesIn } from "../client/redact.js";
import { askUser, needsConfirmation, type Confirmer } from "./elicit.js";
import { exitFor } from "./exit.js";
import { apiErrorResult, type FailureLog } from "./failure.js";
import { HandlerError, InputError, validate } from "./input.js";
import { apiArgs, buildPath, buildRequest, callRequest, retries } from "./request.js";
import { errorResult } from "./result.js";
import type { Operation, OperationContext, OperationResult } from "./types.js";

export { formatIssues, HandlerError, InputError, inputSchema, validate } from "./input.js";
export { buildPath, buildRequest, encodePathValue, pathParams } from "./request.js";

const RENDERED = Symbol("rendered");

/** Wraps a bespoke handler's answer with links and a note. */
export function rendered(data: unknown, extras: Omit<OperationResult, "data"> = {}): OperationResult {
  return Object.assign({ data, ...extras }, { [RENDERED]: true });
}

function isRendered(v: unknown): v is OperationResult {
  return typeof v === "object" && v !== null && RENDERED in v;
}

/** Plain summary of a non-JSON answer; bytes never reach the model. */
export function describeSpecial(value: Special): Record<string, unknown> {
  switch (value.kind) {
    case "binary":
      return {
        content_type: value.contentType,
        filename: value.filename,
        bytes: value.bytes,
        note: "Binary content is not shown to the model.",
      };
    case "text":
      return { content_type: value.contentType, filename: value.filename, text: value.text };
    case "redirect":
      return { location: value.location };
  }
}

export interface ExecuteEnv {
  client: CaptainCoreClient;
  config: Config;
  services: Record<string, unknown>;
  signal?: AbortSignal;
  progress?: OperationContext["progress"];
  /** Asks the user before a call that needs confirmation (elicitation); without it, `confirm: true` is required. */
  confirm?: Confirmer;
  /** Where failures that are bugs of this server are logged (with their stack). */
  log?: FailureLog;
}

export { apiErrorResult, hintFor, internalErrorResult, INTERNAL_HINT } from "./failure.js";

export async function execute(op: Operation, rawArgs: unknown, env: ExecuteEnv): Promise<CallToolResult> {
  const exit = exitFor(env.client);
  if (env.config.readOnly && op.effect !== "read") {
    return errorResult(
      `${op.name} changes data and this server runs in read-only mode (CAPTAINCORE_READ_ONLY=true); nothing was sent. ` +
        "Ask the user to turn read-only mode off if the change is intended.",
      { code: "read_only" },
    );
  }
  let args: Record<string, unknown>;
  // With a Confirmer the user is asked instead, so the model's confirm field is not required.
  const asking = env.confirm !== undefined && needsConfirmation(op);
  try {
    args = validate(op, asking ? { confirm: true, ...(rawArgs as object) } : rawArgs);
    if (!op.run) buildPath(op.path, apiArgs(op, args));
  } catch (err) {
    return exit.toolError((err as Error).message, { code: "invalid_input" });
  }
  const refused = await askUser(op, args, env.confirm, env.signal);
  if (refused) return refused;
  // The user said yes: an operation's own confirm field (run_site_command) is satisfied by that.
  if (env.confirm && op.confirmWhen?.(args as never)) args = { ...args, confirm: true };
  if (op.confirmWhy && op.confirmWhen?.(args as never) && args.confirm !== true) {
    return exit.toolError(`${op.confirmWhy(args as never)}; ask the user, then call again with confirm: true. Nothing was sent.`, {
      code: "invalid_input",
    });
  }
  const reveal = op.revealable === true && args.reveal_secrets === true;
  // Handlers get answers as they are (they may write them back), but every secret value seen is scrubbed from what
  // they return, wherever it moved to (a list of values, a joined line).
  const seenSecrets = new Set<string>();
  const send = async (req: Omit<ApiRequest, "retry" | "signal">) => {
    const answer = await env.client.request({ ...req, retry: retries(op, req.method), signal: env.signal });
    if (!reveal && !isSpecial(answer)) secretValuesIn(answer, seenSecrets);
    return answer;
  };
  const ctx: OperationContext = {
    client: env.client,
    config: env.config,
    signal: env.signal,
    progress: env.progress ?? (async () => {}),
    call: (req) => send(callRequest(op, args, req)) as never,
    services: env.services,
  };
  try {
    let data: unknown;
    let extras: Omit<OperationResult, "data"> = {};
    if (op.run) {
      const out = await op.run(args as never, ctx);
      if (isRendered(out)) {
        data = out.data;
        extras = { links: out.links, note: out.note, images: out.images };
      } else data = out;
    } else {
      data = await env.client.request({ ...buildRequest(op, args), signal: env.signal });
    }
    if (isSpecial(data)) data = describeSpecial(data);
    // Renderers get the redacted answer; an answer parsed for this call alone is redacted in place.
    if (!reveal) data = redactSecrets(data, { inPlace: !op.run });
    const render = op.render && !op.run ? op.render : undefined;
    if (render) data = render(data, args as never);
    return exit.toolResult(data, { note: extras.note, links: extras.links, images: extras.images, reveal, redacted: !render, inPlace: !op.run, secrets: [...seenSecrets] });
  } catch (err) {
    if (err instanceof InputError) return exit.toolError(err.message, { code: "invalid_input" });
    if (err instanceof HandlerError) return exit.toolError(err.message, { code: err.code });
    return apiErrorResult(op, args, err, env.client, env.log);
  }
}

