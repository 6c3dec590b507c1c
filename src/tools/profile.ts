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
    asks: [
      "how do I use the CaptainCore API?", "show the REST API documentation", "API docs for authentication",
      "what endpoints are there", "I want to script this myself — where's the API reference",
      "read the section on sites in the API docs", "is there a webhook or endpoint reference for CaptainCore?",
      "how do I call the API with curl", "developer docs for the CaptainCore REST API",
      "how do I authenticate against the API from a script", "I'm building an integration, where's the reference",
      "show the part of the API guide about domains", "what can I do with your API",
      "api reference: accounts section", "where's the api documentation",
      "where's the API reference for this thing? I want to write a script against it",
      "where are the developer docs for scripting against this dashboard?", "pull up the API reference",
    ],
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
    asks: [
      "change my password", "update my email address on my login", "change my display name to Jen B.",
      "I want a new password for the portal", "edit my profile", "my email changed, update it",
      "reset my own login password", "my name shows wrong in the dashboard, fix it", "new login password please",
      "my name on the dashboard should be Jennifer Brooks", "I switched work emails, change my sign-in address",
      "update my account details: name and email", "I think someone knows my password, let me set a new one",
      "my own profile info is outdated, fix it", "change my password please",
      "change the email on my own login to sam@brightpixel.co", "change my email to sara@newagency.io",
      "I got married, update my last name to Okafor and change my password while you're at it",
    ],
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
    asks: [
      "pin the bakery.com live site to my dashboard", "set my favorites to these three sites",
      "unpin staging from my list", "I want quick access to mapleyoga.com production", "replace my pinned sites",
      "keep bakery staging and live at the top of my sidebar", "clear all my pins", "keep only riverside live pinned",
      "bookmark the florist production site on my dashboard", "favorite sites list: gym live and dental staging only",
      "take everything off my pinned list", "I'm always hunting for the same two sites, stick them at the top",
      "add the greenway staging copy to my favorites along with what's there",
      "the quick-access list should only have the sites I'm working on this month",
      "pin the bakery and acme sites to my favourites", "pin bakery.com so it sits at the top of my site list",
      "pin the ridgeview vet site to the top of my dashboard",
      "can I star coastalroofing.com so it's always easy to find?",
    ],
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
    asks: [
      "unsubscribe me from the blog emails", "stop sending me newsletters", "sign me up for blog post updates",
      "I want to get the blog by email", "opt out of marketing emails", "turn off blog notifications",
      "I'd like to get your articles in my inbox", "too many emails — stop the blog posts",
      "take me off the blog mailing list", "yes, email me new posts",
      "I don't read those blog emails, make them stop", "subscribe to the newsletter",
      "am I on the blog email list? turn it on", "opt in to blog post emails",
      "unsubscribe me from the captaincore blog emails", "stop sending me the blog post emails",
      "please stop sending me the blog newsletter emails", "sign me up for your product update posts by email",
    ],
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
    asks: [
      "create an application password for the API", "I need another API key", "generate new credentials for a script",
      "make an app password for Zapier", "our reporting tool needs its own login to the API — create one",
      "give me a password for programmatic access", "create an additional application password",
      "set up API access credentials for our integration",
      "our accounting software needs a login to pull data, create one", "new API credential for a cron script",
      "make a fresh app password without touching the existing one",
      "the dev wants programmatic access to the portal, create credentials",
      "generate a token so n8n can talk to CaptainCore", "one more app password for another integration",
      "make a new api key for zapier", "make me a new password for the api so our zapier zap can connect",
      "I need an API key for our Zapier setup",
      "I need credentials for a Zapier integration to talk to the dashboard, can you make me one?",
      "generate an app password for my deploy script",
    ],
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
    asks: [
      "rotate my API password", "I think the app password leaked, replace it", "regenerate the application password",
      "roll the API credentials", "issue a new application password in place of the old one",
      "refresh our API secret", "swap out the compromised API key", "new app password, invalidate the current one",
      "a former employee had our API password, change it to a new one", "cycle the app password",
      "swap the current API credential for a fresh one and show it",
      "security policy says rotate keys every 90 days, do it now", "the API password was pasted in Slack, replace it",
      "reissue the portal's application password", "rotate my application password",
      "rotate my api password, I think it leaked in a screenshot",
      "our API password got pasted in a public slack channel, swap it for a new one",
      "our api password ended up in a public github commit, give me a fresh one and kill the old",
      "rotate my api token, it's been over a year",
    ],
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
    asks: [
      "delete the application password", "revoke API access", "remove my API key entirely",
      "permanently revoke the app password so nothing can log in with it",
      "no more API access — delete the credentials", "disable the application password",
      "remove the portal's app password", "we're not using the API anymore, delete its password",
      "shut off API access for good", "kill the app password",
      "we cancelled the integration, remove the password it used",
      "I don't want anything connecting through the API anymore", "delete credentials used for API login",
      "erase the application password from my profile", "revoke the old api application password",
      "I think my API password leaked in a github gist, kill it now",
      "remove my app password, not using the Zapier integration anymore",
    ],
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
    asks: [
      "turn on two-factor authentication", "set up 2FA with Google Authenticator", "I want MFA on my login",
      "give me the QR code for my authenticator app", "enable two-step verification", "start TOTP setup",
      "secure my account with Authy", "the client's insurer requires 2FA — enable it on my login",
      "I want to require a code from my phone when I log in", "add an extra login step with an authenticator",
      "begin two-factor enrollment", "turn on one-time codes for my account",
      "get me the secret to scan into 1Password",
      "after that phishing scare, lock down my login with a second factor", "enable two-factor authentication",
      "set up two factor login for me", "turn on two-factor for my login",
      "I want to turn on two-factor for my login, give me the QR code", "enable 2fa with google authenticator",
    ],
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
    asks: [
      "here's the 6-digit code from my authenticator: 123456", "confirm 2FA setup with this code",
      "finish enabling two-factor", "verify authenticator code", "I scanned the QR — the app shows 492013",
      "complete MFA activation", "Authy's showing 771204, use it to finish setting up two-factor",
      "enter the one-time code to turn on 2fa", "code is 884512, finish turning on 2-step",
      "my authenticator shows a code now, confirm setup with it",
      "last step of two-factor: here's the number from my phone", "enter the 2fa token to activate",
      "Google Authenticator says 302918", "the app gave me a six digit number, what do I do with it to finish",
      "here's the code from my authenticator app to finish 2fa setup",
      "the authenticator app shows 482913 — use that to finish setting up my 2fa",
      "here's the code from google authenticator: 481220. finish turning on 2FA for me",
      "scanned the QR code for two-factor, now how do I confirm it works?",
    ],
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
    asks: [
      "turn off two-factor", "disable 2FA on my account", "I lost my phone, remove MFA",
      "stop asking me for the authenticator code", "deactivate two-step login", "remove two-factor authentication",
      "I keep getting locked out by the code prompt, just turn it off", "I'm changing phones, disable 2fa for now",
      "switch off the authenticator code requirement", "I don't want 2-step on my login anymore",
      "my authenticator app got wiped, turn off the extra login step", "disable mfa",
      "get rid of the phone code when I sign in", "we're moving to SSO, turn off two-factor on my account",
      "lost my phone, turn off 2fa on my account",
      "switch off two factor on my account, I got a new phone and will set it up again later",
      "got a new phone, turn off two factor on my account so I can redo it", "disable my 2FA",
    ],
    input: {},
    // It weakens the account's protection: the user decides, not the agent.
    effect: "destructive",
    confirmText: "Turns two-factor login off: the account is then protected by its password alone.",
    idempotent: true,
    render: () => ({ tfa_enabled: false }),
  }),
];
