/**
 * The API user's own profile (/me): profile fields, pins, application passwords, two-factor, email subscription,
 * the API docs. GET /me itself is get_me in sites.ts. New application passwords and TOTP secrets are withheld
 * unless the caller sets reveal_secrets: true.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { rendered } from "../operations/executor.js";
import { defineOperation } from "../operations/types.js";
import { Email, EnvironmentId } from "../operations/schemas.js";
import { isSpecial, REDACTED, type Row } from "./shared.js";

/** The resource that serves the whole markdown (src/resources/docs.ts). */
export const DOCS_URI = "captaincore://docs/api";
const SECTION_CAP = 12_000;

const CUTS_OFF = "Cuts this server off if it logs in with that password.";

interface Section {
  level: number;
  heading: string;
  start: number;
  end: number;
}

/** Markdown headings with the span each one covers (up to the next heading of the same or a higher level). */
export function sections(md: string): Section[] {
  const found: Section[] = [];
  const re = /^(#{1,6})\s+(.+?)\s*#*\s*$/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    found.push({ level: m[1]!.length, heading: m[2]!, start: m.index, end: md.length });
  }
  for (let i = 0; i < found.length; i++) {
    const next = found.slice(i + 1).find((s) => s.level <= found[i]!.level);
    if (next) found[i]!.end = next.start;
  }
  return found;
}

function docsText(body: unknown): string {
  if (isSpecial(body) && body.kind === "text") return body.text;
  if (typeof body === "string") return body;
  const html = (body as Row | null)?.html;
  return typeof html === "string" ? html : JSON.stringify(body ?? "");
}

/** Application password answers: {password, created (unix)}; the executor already redacted the password. */
function passwordAnswer(data: unknown, args: { reveal_secrets?: boolean }) {
  const d = (data ?? {}) as Row;
  const created = typeof d.created === "number" ? new Date(d.created * 1000).toISOString() : d.created;
  const out: Row = { password: d.password, created };
  if (!args.reveal_secrets) {
    out.note = "Password withheld and shown only once; pass reveal_secrets: true when the user wants to see it.";
  }
  return out;
}

export const operations = [
  defineOperation({
    name: "get_api_docs",
    toolset: "profile",
    method: "GET",
    path: "/me/api-docs",
    summary: "Read the CaptainCore REST API documentation",
    words: "api documentation reference endpoints help",
    description: "Without section: the headings.",
    input: {
      section: z.string().trim().min(2).max(100).optional().describe("Heading text, e.g. GET /sites"),
    },
    effect: "read",
    run: async (args, ctx) => {
      const md = docsText(await ctx.call({}));
      const all = sections(md);
      const link = { uri: DOCS_URI, name: "api-docs", description: "Full API documentation", mimeType: "text/markdown" };
      if (!args.section) {
        const top = all.filter((s) => s.level <= 2).map((s) => s.heading);
        return rendered(
          {
            characters: md.length,
            headings: top.slice(0, 80),
            ...(top.length > 80 ? { headings_total: top.length } : {}),
            note: `Pass section (a heading) to read one part, or read ${DOCS_URI}.`,
          },
          { links: [link] },
        );
      }
      const q = args.section.toLowerCase();
      const exact = all.filter((s) => s.heading.toLowerCase() === q);
      const hits = exact.length ? exact : all.filter((s) => s.heading.toLowerCase().includes(q));
      if (!hits.length) {
        throw new CaptainCoreError("not_found", `No heading contains "${args.section}"; call get_api_docs without section for the list`);
      }
      // Drop hits nested inside an earlier hit: their text is already there.
      const kept = hits.filter((h) => !hits.some((o) => o !== h && o.start < h.start && o.end >= h.end));
      let text = kept.map((s) => md.slice(s.start, s.end).trim()).join("\n\n");
      const out: Row = { section: args.section, matches: kept.length };
      if (text.length > SECTION_CAP) {
        out.truncated = `kept ${SECTION_CAP} of ${text.length} characters; ask for a narrower heading`;
        text = text.slice(0, SECTION_CAP);
      }
      out.text = text;
      return rendered(out, { links: [link] });
    },
  }),
  defineOperation({
    name: "update_profile",
    toolset: "profile",
    method: "PUT",
    path: "/me/profile",
    summary: "Change your display name, email or login password",
    words: "change my password my email my name profile",
    input: {
      display_name: z.string().trim().min(1).max(200).describe("Display name"),
      email: Email,
      new_password: z
        .string()
        .min(8)
        .max(200)
        .refine((v) => /[a-z]/i.test(v) && /\d/.test(v), "needs a letter and a digit")
        .optional()
        .describe("New login password"),
    },
    effect: "write",
    idempotent: true,
    render: (data) => ({ updated: true, profile: (data as Row | null)?.profile }),
  }),
  defineOperation({
    name: "set_pinned_environments",
    toolset: "profile",
    method: "POST",
    path: "/me/pins",
    summary: "Replace your pinned environments",
    words: "pin favourite environments bookmark sites quick access",
    input: { environment_ids: z.array(EnvironmentId).max(200).describe("From list_site_environments") },
    effect: "write",
    idempotent: true,
    body: (args) => args.environment_ids,
  }),
  defineOperation({
    name: "set_email_subscription",
    toolset: "profile",
    method: "POST",
    path: "/me/email-subscriber",
    summary: "Subscribe or unsubscribe from blog post emails",
    words: "newsletter blog emails subscribe unsubscribe product updates mailing list",
    input: { enabled: z.boolean().describe("true subscribes, false unsubscribes") },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "create_application_password",
    toolset: "profile",
    method: "POST",
    path: "/me/application-password",
    summary: "Create another application password for API access",
    words: "new api key application password token",
    input: {},
    effect: "write",
    revealable: true,
    render: passwordAnswer,
  }),
  defineOperation({
    name: "rotate_application_password",
    toolset: "profile",
    method: "POST",
    path: "/me/application-password/rotate",
    summary: "Replace the portal's API application password",
    words: "rotate api key reset api password leaked compromised",
    description: `${CUTS_OFF} The new one is shown once (reveal_secrets).`,
    input: {},
    effect: "destructive",
    revealable: true,
    confirmText: "The old password stops working, maybe this server's own.",
    render: passwordAnswer,
  }),
  defineOperation({
    name: "delete_application_password",
    toolset: "profile",
    method: "DELETE",
    path: "/me/application-password",
    summary: "Delete the portal's API application password",
    words: "delete api password revoke api key remove api access",
    description: CUTS_OFF,
    input: {},
    effect: "destructive",
    confirmText: "The password stops working, maybe this server's own.",
    render: () => ({ deleted: true }),
  }),
  defineOperation({
    name: "activate_tfa",
    toolset: "profile",
    method: "GET",
    path: "/me/tfa_activate",
    summary: "Start two-factor setup: make a new TOTP secret",
    words: "enable two-factor authentication authenticator app security",
    description: "Returns an otpauth URI. Then validate_tfa.",
    input: {},
    effect: "write",
    revealable: true,
    render: (data, args) =>
      args.reveal_secrets
        ? { otpauth_uri: data, next: "Add it to an authenticator app, then call validate_tfa with a current code." }
        : {
            otpauth_uri: REDACTED,
            note: "Secret withheld. Each call makes a new one: call again with reveal_secrets: true when the user wants to set it up.",
          },
  }),
  defineOperation({
    name: "validate_tfa",
    toolset: "profile",
    method: "POST",
    path: "/me/tfa_validate",
    summary: "Turn two-factor on with a code from the authenticator app",
    words: "confirm two-factor code authenticator code finish setting up two-factor six digit code",
    input: { token: z.string().trim().regex(/^\d{6}$/, "6 digits").describe("6-digit TOTP code") },
    effect: "write",
    render: (data) =>
      data === true
        ? { tfa_enabled: true }
        : { tfa_enabled: false, note: "Code rejected: use the current code of the secret from the last activate_tfa." },
  }),
  defineOperation({
    name: "deactivate_tfa",
    toolset: "profile",
    method: "GET",
    path: "/me/tfa_deactivate",
    summary: "Turn two-factor login off",
    words: "turn off two-factor disable authenticator lost phone",
    input: {},
    // It weakens the account's protection: the user decides, not the agent.
    effect: "destructive",
    confirmText: "Turns two-factor login off: the account is then protected by its password alone.",
    idempotent: true,
    render: () => ({ tfa_enabled: false }),
  }),
];
