/**
 * Which run_code scripts only read. Conservative on purpose: a script passes only when every line is `wp` followed by
 * a command on the allow-list below, with plain arguments — no shell operators, substitutions, redirections or
 * quoting tricks, no `eval`, no `--exec`/`--require` (they run PHP). Anything else counts as a script that may write,
 * and elicitation (where the client supports it) asks the user before it runs.
 */

/** `wp <group> <subcommand>` (or `wp <command>`) that change nothing. */
const READ_ONLY_COMMANDS = new Set([
  "plugin list", "plugin get", "plugin status", "plugin is-installed", "plugin is-active", "plugin path", "plugin search", "plugin verify-checksums",
  "theme list", "theme get", "theme status", "theme is-installed", "theme is-active", "theme path", "theme search",
  "core version", "core check-update", "core verify-checksums", "core is-installed",
  "option get", "option list", "option pluck",
  "user list", "user get", "user list-caps", "user meta list", "user meta get",
  "post list", "post get", "post meta list", "post meta get", "post-type list", "post-type get",
  "term list", "term get", "taxonomy list", "taxonomy get", "comment list", "comment get", "comment count",
  "site list", "role list", "cap list", "menu list", "widget list", "sidebar list", "rewrite list",
  "cron event list", "cron schedule list", "cron test", "transient get", "cache type",
  "language core list", "language plugin list", "language theme list", "maintenance-mode status",
  "db size", "db tables", "cli version", "cli info", "package list", "help",
]);

/** Global parameters that execute code or reach other machines. */
const FORBIDDEN_FLAGS = /^--(exec|require|ssh|http)(=|$)/i;
/** A plain argument: a flag with an optional plain value, or a word; no quotes, no shell syntax. */
const PLAIN_ARG = /^(--?[a-z0-9][a-z0-9_-]*(=[A-Za-z0-9_.,:/@%+=-]*)?|[A-Za-z0-9_.,:/@%+=-]+)$/;
const SHELL_SYNTAX = /[;&|<>`$(){}\\'"*?!~#\[\]]/;

function commandOf(words: string[]): string | undefined {
  for (const length of [3, 2, 1]) {
    const candidate = words.slice(0, length).join(" ");
    if (words.length >= length && READ_ONLY_COMMANDS.has(candidate)) return candidate;
  }
  return undefined;
}

function isReadOnlyLine(line: string): boolean {
  if (SHELL_SYNTAX.test(line)) return false;
  const words = line.split(/[ \t]+/).filter(Boolean);
  if (words[0] !== "wp") return false;
  const args = words.slice(1);
  if (args.some((a) => FORBIDDEN_FLAGS.test(a) || !PLAIN_ARG.test(a))) return false;
  return commandOf(args.filter((a) => !a.startsWith("-"))) !== undefined;
}

/** True when every line of the script is a read-only WP-CLI command (blank lines and # comments aside). */
export function isReadOnlyWpCli(script: string): boolean {
  const lines = script
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  return lines.length > 0 && lines.every(isReadOnlyLine);
}
