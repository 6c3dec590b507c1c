/**
 * The error path of a tool call. A CaptainCore answer or a transport failure gets its code and a hint that says what
 * to do next; anything else is a bug in this server (internal_error): logged at error with its stack, and the hint
 * says so, so that nobody retries or blames CaptainCore for it.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CaptainCoreError } from "../client/errors.js";
import type { CaptainCoreClient, LogLevel } from "../client/http.js";
import { exitFor } from "./exit.js";
import { serverCodeHint } from "./hints.js";
import type { Operation } from "./types.js";

export type FailureLog = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

const ID_HINTS: Record<string, string> = {
  site_id: "list_sites",
  domain_id: "list_domains",
  account_id: "list_accounts",
  environment_id: "list_site_environments",
  env_id: "list_site_environments",
  token: "list resources or the token a run tool returned",
};

function idHint(args: Record<string, unknown>): string {
  const named = Object.entries(args)
    .filter(([k]) => k in ID_HINTS)
    .map(([k, v]) => `${k} ${JSON.stringify(v)} (check it with ${ID_HINTS[k]})`);
  return named.length ? ` Ids involved: ${named.join(", ")}.` : "";
}

/**
 * CaptainCore errors whose own message already says what is wrong: the hint names the next step, instead of the one
 * their HTTP status suggests (a 500 for forwarding that is off is no failure to retry; a 403 for the billing owner is
 * no wrong id).
 */
const SERVER_HINTS: { serverCode?: string; message: RegExp; hint: string }[] = [
  {
    message: /only administrators can delete a site/i,
    hint: "This needs an administrator of the agency. To ask them to remove the site: update_site_details with details {removed: true} (it emails them).",
  },
  {
    message: /only administrators/i,
    hint: "This needs an administrator of the agency: ask one to do it. The ids are not the problem.",
  },
  {
    serverCode: "mailgun_error",
    message: /forwarding is not active/i,
    hint: "Nothing was changed: forwarding is off for this domain. Turn it on with activate_email_forwarding (get_email_forwarding_status shows its state), then call again.",
  },
  {
    serverCode: "permission_denied",
    message: /billing owner/i,
    hint: "The ids are right: CaptainCore protects the account's billing owner. Make another member the billing owner first (update_account with billing_user_id), then call again.",
  },
];

export function hintFor(op: Operation, args: Record<string, unknown>, err: CaptainCoreError): string {
  const known = SERVER_HINTS.find((h) => (!h.serverCode || h.serverCode === err.serverCode) && h.message.test(err.message));
  if (known) return known.hint;
  const mayHaveApplied =
    op.effect !== "read"
      ? " The change may or may not have been applied: check with a read before repeating it."
      : " Retrying later may help.";
  switch (err.code) {
    case "unauthorized":
      return "CaptainCore rejected the credentials. Check CAPTAINCORE_USERNAME and CAPTAINCORE_APP_PASSWORD (an application password of that user, used over HTTPS). Retrying will not help.";
    case "forbidden":
      return `This user is not allowed to do that, or the id does not exist (CaptainCore checks access before existence).${idHint(args)}`;
    case "not_found":
      return `Not found.${idHint(args)}`;
    case "no_route":
      return `This CaptainCore has no route for ${op.method} ${op.path} (older plugin version?) or a path value has the wrong form.`;
    case "bad_request":
      return "CaptainCore rejected the parameters; fix them and call again.";
    case "api_error":
      return "CaptainCore reported this error in its answer; nothing suggests a retry would differ.";
    case "rate_limited":
      return "CaptainCore is rate limiting; wait a minute before calling again.";
    case "timeout":
      return `No answer in time (CAPTAINCORE_TIMEOUT_MS).${mayHaveApplied}`;
    case "server_error":
      return `CaptainCore failed on its side.${mayHaveApplied}`;
    case "network":
      return `Check CAPTAINCORE_URL and that the site is up.${op.effect !== "read" ? mayHaveApplied : ""}`;
    case "invalid_response":
      return `CaptainCore's answer could not be read.${mayHaveApplied}`;
    case "too_large":
      return "Ask for less: use filters or a more specific tool.";
    case "cancelled":
      return "The call was cancelled before an answer arrived.";
  }
}

export const INTERNAL_HINT =
  "This is a bug in captaincore-mcp, not a CaptainCore failure; nothing suggests CaptainCore changed anything it was not asked to. Retrying the same call will not help: report it with the server's error log.";

/** A failure that is ours (a renderer or handler that threw): internal_error, logged with its stack. */
export function internalErrorResult(name: string, err: unknown, client: { scrub: (s: string) => string }, log?: FailureLog): CallToolResult {
  const exit = exitFor(client);
  const message = (err as Error)?.message ?? String(err);
  log?.("error", `${name} failed inside captaincore-mcp: ${message}`, {
    stack: exit.text(String((err as Error)?.stack ?? message)),
  });
  return exit.toolError(`${name} failed inside captaincore-mcp: ${message.replace(/\.+$/, "")}.\n${INTERNAL_HINT}`, {
    code: "internal_error",
    message,
    hint: INTERNAL_HINT,
  });
}

export function apiErrorResult(
  op: Operation,
  args: Record<string, unknown>,
  err: unknown,
  client: CaptainCoreClient,
  log?: FailureLog,
): CallToolResult {
  if (!(err instanceof CaptainCoreError)) return internalErrorResult(op.name, err, client, log);
  const where = [err.status ? `HTTP ${err.status}` : "", err.serverCode ?? ""].filter(Boolean).join(", ");
  const hint = serverCodeHint(err.serverCode, err.message, args) ?? hintFor(op, args, err);
  const message = `${op.name} failed: ${err.message.replace(/\.+$/, "")}${where ? ` (${where})` : ""}.\n${hint}`;
  return exitFor(client).toolError(message, {
    code: err.code,
    status: err.status,
    server_code: err.serverCode,
    message: err.message,
    hint,
  });
}
