/**
 * The built-in commands of run_site_command (POST /sites/cli): what each does, the words and requests of those who ask
 * for it (each becomes a search_operations entry), and whether it overwrites or deletes (then it needs confirm: true).
 */
import type { CommandInfo, OperationCommands } from "./operations/types.js";

export const SITE_COMMANDS = [
  "backup",
  "quick_backup",
  "snapshot",
  "backup_download",
  "sync-data",
  "users-fetch",
  "update",
  "update-wp",
  "deploy-defaults",
  "recipe",
  "reset-permissions",
  "scan-errors",
  "apply-https",
  "apply-https-with-www",
  "launch",
  "activate",
  "deactivate",
  "production-to-staging",
  "staging-to-production",
  "copy",
  "migrate",
  "rollback",
  "quicksave_rollback",
  "quicksave_file_restore",
  "quicksave_file_diff",
  "view_quicksave_changes",
  "run",
  "manage",
  "new",
  "remove",
] as const;

/**
 * What each command does, in the words of those who ask for it (each becomes a search_operations entry), and whether
 * it overwrites or deletes (then it needs confirm: true).
 */
const COMMANDS: Record<(typeof SITE_COMMANDS)[number], Omit<CommandInfo, "name">> = {
  backup: {
    summary: "Back up a site now (full files and database backup)",
    words: "take backup now manual backup snapshot of files database before changes safe copy",
  },
  quick_backup: {
    summary: "Take a quicksave now (plugin/theme versions, restorable)",
    words: "quicksave now quick backup restore point before updating plugins checkpoint",
  },
  snapshot: {
    summary: "Make a zip snapshot of a site and email a download link",
    words: "zip archive download whole site export full copy to download send link email me",
  },
  backup_download: {
    summary: "Download chosen files or folders from a backup",
    words: "get files out of backup download file from backup retrieve old file",
  },
  "sync-data": {
    summary: "Refresh a site's plugins, themes, users and versions in CaptainCore",
    words: "refresh site info resync stale out of date data rescan reload versions",
  },
  "users-fetch": {
    summary: "Refresh the list of WordPress users of a site",
    words: "refresh wordpress users reload admins accounts logins",
  },
  update: {
    summary: "Run plugin and theme updates on a site now",
    words: "update plugins themes now apply pending updates upgrade",
  },
  "update-wp": {
    summary: "Update WordPress core on a site",
    words: "upgrade wordpress core version latest",
  },
  "deploy-defaults": {
    summary: "Apply the account's defaults (admin users, plugins, settings) to a site",
    words: "standard defaults baseline onboarding new site setup default users recipes settings",
  },
  recipe: {
    summary: "Run a saved recipe on a site (value: recipe id)",
    words: "apply recipe saved script",
  },
  "reset-permissions": {
    summary: "Reset file and folder permissions of a site",
    words: "fix file permissions chmod ownership uploads failing writable",
  },
  "scan-errors": {
    summary: "Scan a site for PHP errors",
    words: "find php errors fatal errors warnings broken pages white screen debug problems",
  },
  "apply-https": {
    summary: "Switch a site's URLs to https",
    words: "force https ssl secure certificate urls redirect http to https",
  },
  "apply-https-with-www": {
    summary: "Switch a site's URLs to https with www",
    words: "force https www prefix ssl secure urls",
  },
  launch: {
    summary: "Launch a site on its real domain (replaces the dev URL; value: domain)",
    words: "go live launch site real domain replace temporary url dev url",
  },
  activate: {
    summary: "Reactivate a deactivated site (back online)",
    words: "bring back online unsuspend reactivate restore access paid",
  },
  deactivate: {
    summary: "Deactivate a site: visitors see a notice instead (e.g. unpaid)",
    words: "suspend take offline disable site unpaid maintenance notice shut down",
  },
  "production-to-staging": {
    summary: "Copy production over staging (files and database)",
    words: "copy live to staging refresh staging clone production to staging test copy",
    destructive: true,
  },
  "staging-to-production": {
    summary: "Push staging over production (files and database)",
    words: "push staging live deploy staging to production publish changes go live",
    destructive: true,
  },
  copy: {
    summary: "Copy a site onto another site (value: target site id)",
    words: "clone duplicate site copy to another site",
    destructive: true,
  },
  migrate: {
    summary: "Migrate a site in from a backup URL (value: URL)",
    words: "move site import from another host migration zip url transfer in",
    destructive: true,
  },
  rollback: {
    summary: "Roll a plugin or theme back to an earlier version (value: slug)",
    words: "downgrade plugin theme previous version undo update",
    destructive: true,
  },
  quicksave_rollback: {
    summary: "Restore a whole quicksave (all plugins/themes)",
    words: "restore quicksave restore point revert all plugins themes",
    destructive: true,
  },
  quicksave_file_restore: {
    summary: "Restore one file from a quicksave (value: path)",
    words: "restore file from quicksave recover file",
    destructive: true,
  },
  quicksave_file_diff: {
    summary: "Diff of one file in a quicksave",
    words: "file diff quicksave compare",
  },
  view_quicksave_changes: {
    summary: "List what changed in a quicksave",
    words: "quicksave changes what changed",
  },
  run: {
    summary: "Run code on a site (value: code)",
    words: "run code script wp-cli command",
  },
  manage: {
    summary: "Run a WP-CLI subcommand on a site (value: command)",
    words: "wp-cli command manage",
  },
  new: {
    summary: "Set up a site in the CaptainCore CLI (after creating it)",
    words: "provision new site initialise",
  },
  remove: {
    summary: "Remove a site from CaptainCore and its backend",
    words: "delete site remove completely offboard",
    destructive: true,
  },
};

export function commandsOf(argument: string, names: readonly (typeof SITE_COMMANDS)[number][]): OperationCommands {
  return {
    argument,
    list: names.map((name) => ({ name, ...COMMANDS[name] })),
  };
}

/** Commands that overwrite or delete: they need confirm: true. */
export const DESTRUCTIVE_COMMANDS = new Set(SITE_COMMANDS.filter((name) => COMMANDS[name].destructive));
