/**
 * Text → search terms: lower case, phrases folded, stop words dropped, light stemming, and words that mean the same
 * thing to anyone asking (delete/remove, show/list…) folded to one term. The words of a task in an agency's language
 * live on each operation (Operation.words); this table only holds plain English equivalences.
 */

/** Words that mean the same thing in any request. Each group folds to its first word. */
const SYNONYMS: string[][] = [
  ["delete", "remove", "drop", "destroy", "erase", "purge", "wipe", "rid", "trash"],
  ["create", "add", "new", "register"],
  ["list", "show", "display", "browse", "enumerate", "overview"],
  ["all", "every", "each", "bulk", "whole", "entire", "fleet"],
  ["get", "fetch", "read", "view", "see", "look", "lookup", "detail", "info", "inspect"],
  ["update", "edit", "change", "modify", "adjust", "alter", "rename", "switch", "swap"],
  ["restore", "rollback", "revert", "undo", "roll"],
  ["enable", "activate"],
  ["disable", "deactivate", "inactive"],
  ["run", "execute", "exec"],
  ["site", "website", "wordpress", "wp"],
  ["email", "mail", "e-mail", "emails", "mails"],
  ["cancel", "abort", "kill", "stop", "halt"],
  ["login", "signin", "logon"],
  ["account", "customer", "client"],
  ["user", "member", "people", "person", "teammate", "staff", "team", "colleague", "employee"],
  ["invoice", "bill", "receipt"],
  ["billing", "billed"],
  ["plan", "subscription", "package", "tier"],
  ["password", "passphrase", "credential"],
  ["visit", "visitor", "traffic", "pageview", "analytics"],
  ["screenshot", "capture"],
  ["copy", "clone", "duplicate"],
  ["deploy", "publish"],
  ["schedule", "later", "tonight", "tomorrow", "cron", "recurring"],
  ["check", "verify", "validate", "confirm"],
  ["error", "errors", "warning", "broken", "bug"],
  ["backup", "backups"],
  ["production", "live", "prod"],
  ["staging", "stage", "dev", "test-site"],
  ["plugin", "addon", "extension"],
  ["version", "versions"],
  ["recent", "latest", "newest", "last"],
  ["history", "timeline", "past", "ago"],
  ["expire", "expiry", "expiration", "expiring", "expires", "expired"],
];

/** Several words that mean one. Applied before splitting into words. */
const PHRASES: [RegExp, string][] = [
  [/\b(log|sign) ?(me )?in(to)?\b/g, "login"],
  [/\b(logged|signed) ?in\b/g, "login"],
  [/\bwho am i\b/g, "whoami"],
  [/\bwho (did|changed|made|touched) what\b/g, "audit activity"],
  [/\bwp ?engine\b/g, "wpengine"],
  [/\brocket\.net\b/g, "rocketnet"],
  [/\b\d+\.\d+(\.\d+)?\b/g, "version"],
  [/\bwp-admin\b/g, "admin login"],
  [/\bset ?up\b/g, "setup"],
  [/\bturn(ed|ing)? on\b/g, "enable"],
  [/\bturn(ed|ing)? off\b/g, "disable"],
  [/\bswitch(ed|ing)? on\b/g, "enable"],
  [/\bswitch(ed|ing)? off\b/g, "disable"],
  [/\bback ?up\b/g, "backup"],
  [/\btear(ing)? down\b/g, "delete"],
  [/\bget rid of\b/g, "delete"],
  [/\bhow many\b/g, "count"],
  [/\bwhat(?:'s| is) (?:in|inside)\b/g, "contents"],
  [/\b(get|got|went|go|gone) through\b/g, "delivered"],
  [/\bup to date\b/g, "updated"],
  [/\bgo(es|ing)? live\b/g, "launch"],
  [/\bweb ?address(es)?\b/g, "domain"],
  [/\bhook(ed|ing)? up\b/g, "link"],
  [/\blocked out\b/g, "login"],
  [/\b(get|let) (me|him|her|them|us) in(to)?\b/g, "login"],
  [/\bshut(ting)? down\b/g, "disable"],
  [/\bwhois\b/g, "whois domain contact"],
  [/\b2fa\b|\btwo[- ]factor\b|\bmfa\b|\btotp\b|\btfa\b/g, "twofactor"],
  [/\bphp ?myadmin\b/g, "phpmyadmin"],
  [/\bssl\b|\bhttps\b|\btls\b/g, "https"],
];

const STOPWORDS = new Set(
  ("a an the of to for on in at by from with into onto about as and or but so if then than too very " +
    "i me my mine we us our ours you your yours he she his her they them their it its this that these those " +
    "is are was were be been being am do does did doing done have has had having can could would should will shall may might must " +
    "please pls plz just also only really now right still yet again any some one each there here what which who whom whose how why when where " +
    "want need like let lets off go captaincore get's i'm it's don't can't isn't thing things stuff via out up over via etc ok okay hey hi ve ll re got")
    .split(/\s+/)
    .filter(Boolean),
);

const CANONICAL = new Map<string, string>();
for (const group of SYNONYMS) for (const word of group) if (!CANONICAL.has(word)) CANONICAL.set(word, group[0]!);
// Their stems too, so that "updates" and "updating" meet "update".
for (const group of SYNONYMS) for (const word of group) if (!CANONICAL.has(stem(word))) CANONICAL.set(stem(word), group[0]!);

/** A light English stemmer: plurals, -ing, -ed, -ly, -ation; enough to meet "backups"/"backup", "scanning"/"scan". */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(ches|shes|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4 && !w.endsWith("eed")) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("ation") && w.length > 7) w = w.slice(0, -5);
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

function canonical(word: string): string {
  const direct = CANONICAL.get(word);
  if (direct) return direct;
  const stemmed = stem(word);
  return CANONICAL.get(stemmed) ?? stemmed;
}

/** Words → terms. Domain names and numbers a user types (bakery.com, 42) say which thing, not which task: dropped. */
export function terms(text: string): string[] {
  let lower = ` ${text.toLowerCase()} `;
  for (const [phrase, word] of PHRASES) lower = lower.replace(phrase, word);
  const out: string[] = [];
  for (const token of lower.split(/[\s,;:!?()[\]{}"'`/|<>=+*→]+/)) {
    if (!token) continue;
    if (token.includes("@")) {
      out.push("email");
      continue;
    }
    if (/^[\w.-]*\.(php|js|css|html?|txt|log|sql|zip|json|xml|htaccess|ini|conf)$/.test(token)) {
      out.push("file");
      continue;
    }
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/.test(token) && /[a-z]/.test(token)) continue; // a domain name
    for (const word of token.split(/[^a-z0-9-]+|(?<=[a-z])-(?=[a-z])/)) {
      if (!word || word.length < 2 || STOPWORDS.has(word) || /^\d+$/.test(word) || /^[0-9a-f]{7,}$/.test(word)) continue;
      out.push(canonical(word.replace(/^-+|-+$/g, "")));
    }
  }
  return out.filter(Boolean);
}

/** Words that ask to see something (reads should win), and words that ask to change or remove it. */
const READ_WORDS = new Set(["list", "get", "count", "which", "what", "who", "whom", "show", "see", "any", "did", "does", "is", "are", "was", "were", "has", "have", "how", "when", "where", "why", "many", "much", "history", "recent"].map(canonical));
const DESTROY_WORDS = new Set(["delete", "cancel", "disable", "restore", "overwrite", "replace", "push", "pay", "charge", "rotate", "revoke", "detach", "unlink", "kill", "close", "terminate"].map(canonical));

/** Verbs that, opening a request, ask for a change ("back up every site…", "force https…"). */
const ACTION_WORDS = new Set(["login", "setup", "create", "update", "restore", "enable", "disable", "run", "copy", "deploy", "backup", "schedule", "launch", "push", "move", "set", "install", "fix", "force", "apply", "send", "invite", "give", "take", "spin", "import", "grant", "lock", "unlock", "transfer", "forward", "reset", "refresh", "sync", "rename", "attach", "link", "upgrade", "downgrade", "migrate", "point", "accept", "approve", "bring", "put", "mark", "share", "start", "add", "make", "change", "switch"].map(canonical));

const POLITE = new Set(["please", "pls", "plz", "can", "could", "you", "would", "kindly", "hey", "hi", "i", "we", "need", "want", "to", "lets", "let's", "go", "ahead", "and", "quickly", "also"]);

const QUESTION_WORDS = new Set(["what", "what's", "whats", "which", "who", "who's", "whom", "whose", "how", "is", "are", "was", "were", "does", "do", "did", "has", "have", "when", "where", "why", "any", "show", "list"]);

/** Opposite actions: a request for one does not want the other. */
export const OPPOSITES: [string[], string[]][] = [
  [["enable", "setup"], ["disable"]],
  [["create", "setup"], ["delete"]],
];

/**
 * "invoice 2231", "user 42", "process log #88": a thing named with its number. Returns the thing's term, which an
 * operation that takes that id in its path answers.
 */
export function numberedThing(text: string): string | undefined {
  const m = /\b([a-z]+)\s+#?\d+\b/i.exec(text);
  return m ? m[1]!.toLowerCase().replace(/s$/, "") : undefined;
}

export type Intent = "read" | "write" | "destroy" | "neutral";

/** Whether the request asks to see, to remove or overwrite, or neither (judged on the raw words, before stop words). */
export function intentOf(text: string): Intent {
  let lower = ` ${text.toLowerCase()} `;
  for (const [phrase, word] of PHRASES) lower = lower.replace(phrase, word);
  const words = lower.split(/[^a-z0-9@.-]+/).filter(Boolean).map((w) => canonical(w));
  const first = words.find((w) => !STOPWORDS.has(w) && !POLITE.has(w));
  // A question ("what does each customer pay…") asks to see, whatever verbs follow.
  if (QUESTION_WORDS.has(lower.trim().split(/\s+/)[0] ?? "")) return "read";
  if (words.some((w) => DESTROY_WORDS.has(w))) return "destroy";
  if (first && ACTION_WORDS.has(first)) return "write";
  if (words.some((w) => READ_WORDS.has(w)) || text.trim().endsWith("?")) return "read";
  // No verb that asks for a change ("invoices for an account"): a request to see.
  if (!words.some((w) => ACTION_WORDS.has(w))) return "read";
  return "neutral";
}
