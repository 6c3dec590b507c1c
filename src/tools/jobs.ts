/**
 * Running code and following the jobs it starts (docs/api/NOTES.md §6-§7). The run tools always send "async": true, wait a
 * bounded time, and answer with the output or a job handle (captaincore://jobs/{token} as a resource_link and in
 * structuredContent); get_job, wait_for_job and cancel_job serve clients whose models cannot read resources.
 */
import { z } from "zod";
import { rewordError } from "./shared.js";
import { InputError, rendered } from "../operations/executor.js";
import { defineOperation, type CommandInfo, type OperationCommands, type OperationContext } from "../operations/types.js";
import { Environment, positiveInt } from "../operations/schemas.js";
import { isReadOnlyWpCli } from "../jobs/readonly-cli.js";
import { stripUi } from "../operations/render.js";
import { readJob } from "../jobs/read.js";
import { jobUri } from "../jobs/registry.js";
import { DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS, startAndWait, waitAndRender } from "../jobs/run.js";
import { capOutput, TOOL_OUTPUT_CHARS, waitsForWebApp } from "../jobs/view.js";
import { TOKEN_PATTERN } from "../jobs/wait.js";
import { BULK_TOOLS } from "../bulk-tools.js";

const WaitSeconds = z
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_SECONDS)
  .default(DEFAULT_WAIT_SECONDS);

/** Ids inside unions and arrays: the field's own description says what they are. */

/** A job token; the job URI is accepted too. */
const Token = z
  .string()
  .trim()
  .transform((s) => s.replace(/^captaincore:\/\/jobs\//i, ""))
  .pipe(z.string().regex(TOKEN_PATTERN, "a job token (letters and digits) from a run tool"))
  .describe("Token or captaincore://jobs/ URI");

const SITE_COMMANDS = [
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
    asks: [
      "back up bakery.com right now before I start messing with it",
      "take a full backup of the site, files and database", "can you kick off a fresh backup of mapleyoga.com",
      "I want a complete restore point of everything before the redesign goes live",
      "run a backup on all the client sites tonight",
      "make sure the whole site including the db is saved before we migrate", "backup now pls",
      "the client is nervous about the WooCommerce upgrade, do a full site backup first",
      "is there a way to save a complete copy of my website today, just in case something goes wrong?",
      "full site + database dump of riversidedental.com before the theme swap",
      "we're about to let a new developer loose on the shop, please save everything first",
      "archive the entire install and the db right now, not just the plugins",
      "PM here: on-demand backup of every client site ahead of the server maintenance window",
      "the nightly backup hasn't happened yet and I need one now, start it manually",
    ],
  },
  quick_backup: {
    summary: "Take a quicksave now (plugin/theme versions, restorable)",
    words: "quicksave now quick backup restore point before updating plugins checkpoint",
    asks: [
      "take a quicksave of bakery.com", "snapshot the plugin and theme versions before I update anything",
      "save the current state of the plugins so I can roll back if the update breaks",
      "create a quick restore point of themes and plugins on the live site", "quicksave mapleyoga.com staging now",
      "record which plugin versions are installed right now so we can undo later",
      "do a quick version checkpoint on all sites before Tuesday's updates",
      "capture a plugin/theme snapshot before I touch Yoast",
      "note down the exact version of every plugin and theme on the shop right now",
      "lightweight checkpoint of the plugin and theme code before I tinker, no need for a full database backup",
      "I'm about to try a new page builder, can you take a fast rollback point of my add-ons first?",
      "commit the current plugins/themes state on summitroofing.net before I deploy",
      "before the dev team starts the extension upgrades, capture the current plugin state on every client site",
      "has anything been saved of the plugin versions today? if not, take a fresh one before I start",
    ],
  },
  snapshot: {
    summary: "Make a zip snapshot of a site and email a download link",
    words: "zip archive download whole site export full copy to download send link email me",
    asks: [
      "make a zip of the whole site and email me the download link",
      "the client wants a copy of their website files, can you package it up",
      "generate a downloadable archive of bakery.com",
      "I need a zip snapshot of mapleyoga.com to hand over to another developer",
      "create a snapshot and send the link to my inbox",
      "client is leaving us, give them a full download of their site", "export the entire site as a zip file",
      "zip up the staging copy so I can download it locally",
      "can you send me a link where I can download my whole website?",
      "package harborpilates.com as a .zip and email it to me",
      "we need an offline copy of the site for our records, email me something I can download",
      "the agency taking over the account wants a complete archive of the site, send a download link",
      "compressed tarball of files and db delivered to my email",
      "how do I get a copy of everything on my website that I can keep on my own computer?",
    ],
  },
  backup_download: {
    summary: "Download chosen files or folders from a backup",
    words: "get files out of backup download file from backup retrieve old file",
    asks: [
      "pull the wp-content/uploads folder out of last week's backup",
      "I just need a couple of files from the backup, not the whole thing",
      "grab the old functions.php from a backup and give me a download",
      "get me the images folder from yesterday's backup of bakery.com",
      "client deleted a PDF, can we download it from the backup",
      "download selected folders from a backup of mapleyoga.com",
      "recover the theme directory from an older backup as a zip",
      "extract specific files from backup so I can look at them",
      "a photo on my website got replaced by mistake, can I get the old one out of a backup?",
      "fetch just wp-content/mu-plugins from Tuesday's backup as a download",
      "partial download from backup: only the child theme folder",
      "I don't want to restore the whole site, just pluck one file from an older backup of oakcreekvet.com",
      "can you retrieve the .htaccess from the backup two days ago so I can compare it",
      "pull a handful of invoices PDFs from last month's backup and give me a zip",
    ],
  },
  "sync-data": {
    summary: "Refresh a site's plugins, themes, users and versions in CaptainCore",
    words: "refresh site info resync stale out of date data rescan reload versions",
    asks: [
      "the plugin list in the dashboard looks out of date, refresh it",
      "resync bakery.com so CaptainCore shows the right versions",
      "pull fresh site info: plugins, themes, users, WordPress version",
      "I updated stuff manually over SFTP, make the panel catch up", "the site details are stale, sync them",
      "refresh data for all sites on the account",
      "why does it still show the old WordPress version? re-fetch the site data",
      "rescan mapleyoga.com's installed plugins and themes",
      "CaptainCore still says Yoast is outdated but I already updated it, why?",
      "re-inventory plugins, themes and core version for lunabridal.com",
      "the info shown about my website looks wrong, can it check again?",
      "refresh the cached site metadata after the manual deploy",
      "before I send the maintenance report, make sure plugin counts and versions are current for all sites",
      "re-read what's installed on the server and update the panel",
    ],
  },
  "users-fetch": {
    summary: "Refresh the list of WordPress users of a site",
    words: "refresh wordpress users reload admins accounts logins",
    asks: [
      "refresh the WordPress user list for bakery.com",
      "I added a new editor in wp-admin but it's not showing here, reload the users",
      "re-pull the list of logins on the site", "update the cached admin accounts for mapleyoga.com",
      "the users tab is missing someone, fetch them again", "sync wp users from the live site",
      "get the latest list of people who have accounts on the site", "refetch users across all client sites",
      "our new receptionist got a WordPress login yesterday but she isn't in the list here, refresh it",
      "re-scan the wp accounts on greenleafgardens.org",
      "are the administrator accounts shown here current? pull them fresh from the site",
      "the client added editors themselves, update the user roster", "user list stale, resync",
      "we deleted some old staff logins in wp-admin, make the dashboard reflect that",
    ],
  },
  update: {
    summary: "Run plugin and theme updates on a site now",
    words: "update plugins themes now apply pending updates upgrade",
    asks: [
      "update all the plugins and themes on bakery.com", "run updates now on mapleyoga.com",
      "Wordfence says there's an outdated plugin, update everything", "patch the plugins on every site this morning",
      "there's a security fix for Elementor, push the plugin updates",
      "bring themes and plugins up to date on the staging copy", "do the monthly maintenance updates",
      "apply pending plugin updates, don't wait for the schedule",
      "my website keeps nagging that things need updating, can you just do them all?",
      "bump every plugin and theme to its latest release on thecoffeeloft.com",
      "run the plugin and theme upgrades immediately instead of waiting for the weekly window",
      "the add-ons are several versions behind, upgrade them",
      "clients are due their patching this month, kick off the plugin and theme refresh across the portfolio",
      "a vulnerability was disclosed in a plugin we use, install the newest plugin and theme versions everywhere",
    ],
  },
  "update-wp": {
    summary: "Update WordPress core on a site",
    words: "upgrade wordpress core version latest",
    asks: [
      "update WordPress core on bakery.com", "the site is still on WordPress 6.2, upgrade it to the latest",
      "upgrade wp core across all sites", "dashboard says a new version of WordPress is available, install it",
      "bring mapleyoga.com up to the newest WordPress release", "core update please",
      "we need the latest WP security release everywhere", "upgrade WordPress itself, not the plugins",
      "my website says 'WordPress 6.5 is available! Please update now', can you do that?",
      "bump core to latest on pinecrestdental.com", "the security audit flagged our WordPress version as outdated",
      "wp core update across the fleet after the point release",
      "is the site on the newest WordPress? if not, upgrade the core software",
      "we need newer block editor features, upgrade the platform itself",
    ],
  },
  "deploy-defaults": {
    summary: "Apply the account's defaults (admin users, plugins, settings) to a site",
    words: "standard defaults baseline onboarding new site setup default users recipes settings",
    asks: [
      "apply our standard agency setup to the new site", "push the default admin users and plugins to bakery.com",
      "make sure mapleyoga.com has our usual plugins and settings",
      "set up the account's default config on this site",
      "add our support login and starter plugins to the client site",
      "deploy defaults on all the sites in the account",
      "the new build is missing our baseline stuff, roll out the defaults",
      "reapply the account default users and settings",
      "the new client site needs our standard plugin kit and our agency admin login",
      "baseline provisioning for fernhollow.com: default users, plugins, settings",
      "brand-new site is bare, give it our house configuration",
      "roll our account template (admin accounts, must-have plugins) out to every site",
      "our support team can't log into the new site, push the standard agency users to it",
      "onboard this site with the preset config we set on the account",
    ],
  },
  recipe: {
    summary: "Run a saved recipe on a site (value: recipe id)",
    words: "apply recipe saved script",
    asks: [
      "run my 'disable comments' recipe on bakery.com", "apply saved recipe 12 to all the sites",
      "execute the cleanup script I saved earlier on mapleyoga.com",
      "use the recipe that installs our SEO plugins on this site", "run that stored snippet we use for new clients",
      "fire off the WooCommerce hardening recipe across the fleet", "apply recipe to staging",
      "can you run one of my saved scripts on the live site",
      "apply our saved playbook for new WooCommerce stores to willowbakes.com",
      "execute stored routine #7 against every site",
      "there's a saved automation we always use to turn off xmlrpc, trigger it on this site",
      "kick off the reusable snippet from my library on staging",
      "can you do that thing we saved for cleaning up spam comments on the shop",
      "which saved recipe handles the GDPR cookie setup? run it here",
    ],
  },
  "reset-permissions": {
    summary: "Reset file and folder permissions of a site",
    words: "fix file permissions chmod ownership uploads failing writable",
    asks: [
      "fix file permissions on bakery.com", "getting 403 forbidden errors on images, reset the folder permissions",
      "WordPress can't write to uploads, chmod everything back to normal", "reset permissions on mapleyoga.com",
      "plugin install fails with 'could not create directory', fix perms",
      "set the files and directories back to the right permissions",
      "someone messed up the ownership over ftp, repair it", "normalize permissions across all sites",
      "media uploads fail with 'unable to write to directory', fix it",
      "set dirs to 755 and files to 644 on coastalkayak.com",
      "the server keeps saying permission denied when WordPress tries to update",
      "file ownership is wrong after the restore, reset it",
      "my pictures won't upload to my website and it says something about permissions",
      "bulk chmod reset on the whole fleet after the server move",
    ],
  },
  "scan-errors": {
    summary: "Scan a site for PHP errors",
    words: "find php errors fatal errors warnings broken pages white screen debug problems",
    asks: [
      "check bakery.com for PHP errors", "the client says a page is blank, scan for fatal errors",
      "are there any php warnings on mapleyoga.com", "look for broken code after the last update",
      "run an error scan on all sites", "white screen of death on the checkout page, find the error",
      "find any PHP problems on the staging copy", "is anything throwing errors on the site",
      "my website shows 'There has been a critical error on this website', what's causing it?",
      "hunt for PHP fatals and deprecated notices on brightsmiles.com",
      "did the plugin updates introduce any PHP notices? check the code", "run a php error check before we go live",
      "the checkout page throws a 500, look for PHP issues", "we bumped PHP to 8.2, check every site for php errors",
    ],
  },
  "apply-https": {
    summary: "Switch a site's URLs to https",
    words: "force https ssl secure certificate urls redirect http to https",
    asks: [
      "switch bakery.com to https", "the site shows 'not secure' in Chrome, make all URLs https",
      "force SSL on the site urls", "mixed content warnings, convert links from http to https",
      "update the site address to https:// without www", "we installed the certificate, now move the site to https",
      "change mapleyoga.com's urls to secure", "search-replace http to https on the database",
      "the padlock doesn't show on my website, can you fix that?",
      "rewrite all http:// links in the db to https on redwoodcellars.com, no www",
      "SSL is active but pages still load insecure images",
      "Google Search Console says the site isn't secure, change it over to https",
      "migrate siteurl and home to https on the bare domain", "can you make the secure non-www address the main one",
    ],
  },
  "apply-https-with-www": {
    summary: "Switch a site's URLs to https with www",
    words: "force https www prefix ssl secure urls",
    asks: [
      "switch the site to https://www", "make bakery.com load as https with www in front",
      "convert urls to https and add the www prefix",
      "the client wants www.mapleyoga.com with SSL as the main address", "apply https with www",
      "set the site url to https://www.bakery.com", "secure the site and use the www version of the domain",
      "force www and https on all site links", "I want people to see www and the padlock when they visit my website",
      "canonical should be https://www. so update the site URLs",
      "switch tidewaterlaw.com to secure with www in front",
      "the SEO guy says our preferred domain is the www one with SSL, set that",
      "rewrite http links to https://www everywhere in the db",
      "can you change the site address to include www and be secure",
    ],
  },
  launch: {
    summary: "Launch a site on its real domain (replaces the dev URL; value: domain)",
    words: "go live launch site real domain replace temporary url dev url",
    asks: [
      "launch bakery.com on its real domain", "go live: swap the dev url for mapleyoga.com",
      "the client approved the site, put it on the proper domain",
      "replace the temporary kinsta url with the customer's domain", "launch the new site tonight",
      "move the site from the staging subdomain to www.bakery.com",
      "we're ready to launch, point the site at its domain",
      "change the site's address from the .wpengine.com url to the real one",
      "my new website is finished, how do I make it show up at my real web address?",
      "go-live for copperkettle.com: swap the temp url for the production domain",
      "the site is still on the temporary address, time to put it on the client's own domain",
      "launch day: replace the dev hostname with the real domain across the db",
      "client signed off, please do the domain cutover",
      "flip the site from its preview hostname to the customer's domain",
    ],
  },
  activate: {
    summary: "Reactivate a deactivated site (back online)",
    words: "bring back online unsuspend reactivate restore access paid",
    asks: [
      "reactivate bakery.com, the client paid", "turn the site back on",
      "the site is showing the deactivated notice, bring it back online",
      "restore mapleyoga.com so visitors can see it again", "unsuspend the website",
      "take down the 'site unavailable' page", "re-enable the site now that the invoice is settled",
      "put the client's site back up",
      "my website says it's been disabled, I've paid now, can you switch it back on?",
      "lift the suspension on oldmillinn.com", "payment came through, restore public access",
      "visitors still see the 'account inactive' message, please reactivate",
      "reinstate the site now the contract is renewed", "unpark the site",
    ],
  },
  deactivate: {
    summary: "Deactivate a site: visitors see a notice instead (e.g. unpaid)",
    words: "suspend take offline disable site unpaid maintenance notice shut down",
    asks: [
      "deactivate bakery.com, they haven't paid in three months", "take the site offline and show a notice",
      "suspend mapleyoga.com", "put up the 'this site is unavailable' page",
      "shut the website off for visitors until the invoice is paid", "disable the client's site temporarily",
      "the client cancelled, turn their site off", "block public access to the site",
      "the client has ignored four invoices, take their website offline",
      "put up a placeholder notice instead of the site on sunvalleyhvac.com",
      "hide the site from the public while the account is on hold", "park the website until they renew the contract",
      "how do I take my website down temporarily without deleting it?", "suspend for non-payment",
    ],
  },
  "production-to-staging": {
    summary: "Copy production over staging (files and database)",
    words: "copy live to staging refresh staging clone production to staging test copy",
    destructive: true,
    asks: [
      "refresh staging from live on bakery.com", "copy the live site over the staging copy",
      "staging is way out of date, overwrite it with production",
      "clone production into staging so I can test updates", "push live to staging",
      "make the staging site match the real site, files and database", "sync prod down to staging for mapleyoga.com",
      "I want a fresh staging copy of the live site",
      "my test copy doesn't look like the real website anymore, can you refresh it?",
      "pull live down to the dev copy on lakeshoremarina.com",
      "overwrite the sandbox with the current live files and db",
      "before testing PHP 8.3, mirror the production data into staging",
      "reset staging to whatever is on the public site", "clone live → staging",
    ],
  },
  "staging-to-production": {
    summary: "Push staging over production (files and database)",
    words: "push staging live deploy staging to production publish changes go live",
    destructive: true,
    asks: [
      "push staging to live on bakery.com", "the redesign on staging is approved, deploy it to production",
      "copy staging over the live site", "make the staging changes live",
      "publish the staging copy to production, files and db", "overwrite live with staging for mapleyoga.com",
      "deploy staging → prod", "the client signed off, move the test site to the real site",
      "the new design on the test site is approved, make that what customers see",
      "go live with staging on brewhouse.com", "promote the staging build to the public site, overwriting it",
      "we finished the changes on the preview copy, replace the real website with it",
      "deploy stage → live, files and database", "QA pass on staging is done, ship it to production",
    ],
  },
  copy: {
    summary: "Copy a site onto another site (value: target site id)",
    words: "clone duplicate site copy to another site",
    destructive: true,
    asks: [
      "copy bakery.com onto the new site we made", "clone this site over another site",
      "duplicate mapleyoga.com into site 482", "use bakery.com as the starting point for the bakery2 site",
      "overwrite the target site with a copy of this one",
      "replicate our template site onto the new client's install",
      "copy the whole site to a different site in CaptainCore", "make site B an exact copy of site A",
      "use our starter template site to overwrite the new client's site",
      "clone one site into another existing site record in CaptainCore",
      "I want the new franchise location's website to start as a copy of the first one",
      "mirror foxglovefarm.com onto the empty site we just created", "copy this install over site id 913",
      "duplicate a site onto a different site",
    ],
  },
  migrate: {
    summary: "Migrate a site in from a backup URL (value: URL)",
    words: "move site import from another host migration zip url transfer in",
    destructive: true,
    asks: [
      "migrate the site in from this backup url", "the client's old host gave us a zip, import it into the new site",
      "move the site from GoDaddy to us using this backup link", "restore from an external backup download url",
      "bring the site over from their old hosting",
      "import this Duplicator / all-in-one archive url into mapleyoga.com",
      "pull the site in from https://old-host.com/backup.zip", "do the migration from the backup file they sent",
      "we're leaving our old web host, they gave us a download link to a backup, can you bring it over?",
      "import from an UpdraftPlus backup URL into the new install", "ingest the site archive from a remote URL",
      "onboard a new client's site from the .tar.gz link their previous developer provided",
      "migrate in from Bluehost via backup link", "restore pinehurstgolf.com from a zip hosted on Dropbox",
    ],
  },
  rollback: {
    summary: "Roll a plugin or theme back to an earlier version (value: slug)",
    words: "downgrade plugin theme previous version undo update",
    destructive: true,
    asks: [
      "roll back Elementor to the previous version",
      "the contact form broke after the update, downgrade contact-form-7",
      "revert the theme to the version we had before", "undo the update to woocommerce on bakery.com",
      "put the old version of Yoast back", "downgrade this one plugin",
      "the slider plugin update broke the homepage, go back one version",
      "restore the earlier version of the astra theme",
      "the booking plugin update broke my website, can you put back the old version of just that one?",
      "revert gravityforms to the prior release", "pin the theme back to its previous version on the shop",
      "downgrade wordfence one release, the new one conflicts",
      "the calendar add-on went wrong after updating, go back",
      "reinstall the older version of one plugin on oakridgechurch.org",
    ],
  },
  quicksave_rollback: {
    summary: "Restore a whole quicksave (all plugins/themes)",
    words: "restore quicksave restore point revert all plugins themes",
    destructive: true,
    asks: [
      "restore all plugins and themes to yesterday's quicksave",
      "revert the whole site's plugins to how they were before the updates",
      "everything broke after the bulk update, undo it all", "roll the site back to that quicksave",
      "restore the entire quicksave, not just one plugin",
      "go back to last Tuesday's plugin/theme state on bakery.com",
      "reset all components to the snapshot from before", "undo the full batch of updates using the quicksave",
      "everything on my website broke after last night's updates, put all of it back how it was",
      "restore the full plugin+theme set from the checkpoint before the update batch",
      "mass revert all components to the earlier version snapshot",
      "roll the entire code state back to Monday's restore point on thegreenroom.com",
      "undo every plugin update from the batch, not only one", "revert the whole snapshot, all add-ons and themes",
    ],
  },
  quicksave_file_restore: {
    summary: "Restore one file from a quicksave (value: path)",
    words: "restore file from quicksave recover file",
    destructive: true,
    asks: [
      "restore just functions.php from the quicksave", "someone edited a theme file, bring back the old copy of it",
      "put back one file from a quicksave",
      "recover wp-content/plugins/woocommerce/templates/cart.php from the snapshot",
      "the header.php changes broke the site, restore that file", "revert a single file to its quicksave version",
      "get the old style.css back from yesterday's quicksave", "undo changes to only this file",
      "someone changed my site's footer file and it broke, can you put the old one back?",
      "restore a single template file to its snapshot version", "revert wp-content/themes/child/footer.php only",
      "bring back the previous .htaccess from the version snapshot on sandpiperinn.com",
      "checkout one file from the earlier snapshot",
      "only that one php file needs going back, leave everything else alone",
    ],
  },
  quicksave_file_diff: {
    summary: "Diff of one file in a quicksave",
    words: "file diff quicksave compare",
    asks: [
      "show me what changed in functions.php in that quicksave", "diff this file between versions",
      "what lines were modified in the plugin file", "compare the old and new style.css from the quicksave",
      "let me see the code changes to header.php", "file diff for the quicksave",
      "was anything injected into wp-config? show the diff", "line by line changes to one file",
      "what did the update change inside this plugin file exactly?",
      "git diff of wp-content/themes/child/functions.php in the snapshot",
      "show the before/after for .htaccess in that version",
      "I suspect malware got into index.php, show me the changed lines",
      "compare one file against its previous snapshot version on oldtownpizza.com",
      "red/green changes for this single file",
    ],
  },
  view_quicksave_changes: {
    summary: "List what changed in a quicksave",
    words: "quicksave changes what changed",
    asks: [
      "what files changed in this quicksave", "list the changes in yesterday's quicksave",
      "show me everything that was modified in that snapshot", "which files did the update touch",
      "what got added or deleted in the quicksave", "view quicksave changes on bakery.com",
      "did any files change that shouldn't have? list them",
      "give me the changed file list for that version snapshot",
      "what got touched when the plugins updated last night?", "modified/added/deleted file list for that snapshot",
      "security check: list files altered in the latest version snapshot",
      "which code files differ in this snapshot on violetstudio.com", "summary of file changes in the restore point",
      "did the update add any new files? show me the list",
    ],
  },
  run: {
    summary: "Run code on a site (value: code)",
    words: "run code script wp-cli command",
    asks: [
      "run this PHP snippet on bakery.com", "execute some code on the site",
      "run a bash script on mapleyoga.com's server",
      "can you run `wp option get blogname; wp user list` on every site",
      "execute this custom script on the live site", "run code across the fleet to delete the transient",
      "paste and run this on the server", "run a one-off command script on staging",
      "execute a shell script on the server for quailridge.com",
      "can you run this bit of code the plugin's support team sent me on my website?",
      "run arbitrary bash/php on every client site to clear a transient",
      "paste this snippet in and execute it on staging", "one-off script to bulk update post meta",
      "support gave us a fix script, run it on the live site",
    ],
  },
  manage: {
    summary: "Run a WP-CLI subcommand on a site (value: command)",
    words: "wp-cli command manage",
    asks: [
      "run wp plugin list on bakery.com", "execute this WP-CLI: wp cache flush on the live site",
      "run a bash script on staging to check disk usage", "wp search-replace old domain to new domain on mapleyoga",
      "deactivate Wordfence via wp-cli on all three client sites", "run `wp option get siteurl` on production",
      "I need to run a custom command on the server: du -sh wp-content/uploads",
      "check php errors by tailing the debug.log on the site",
      "run wp user list --role=administrator on lakeviewvet.com",
      "execute a shell snippet on the staging server to list large files",
      "can you flush the object cache with wp-cli on the florist site",
      "run wp rewrite flush on three of the client's websites",
      "the permalinks broke — run a command on the server to regenerate them",
      "execute php -v and wp core version on production",
    ],
  },
  new: {
    summary: "Set up a site in the CaptainCore CLI (after creating it)",
    words: "provision new site initialise",
    asks: [
      "set up the new site in the CaptainCore CLI",
      "I just created bakery.com in the panel, now provision it on the backend",
      "initialize the site after adding it", "finish setting up the new site so backups and stuff work",
      "register the newly created site with the CLI", "run the new-site setup for mapleyoga.com",
      "the site was added but nothing's working yet, run the initial setup", "bootstrap the freshly added site",
      "the site I just added isn't getting backups yet, finish provisioning it",
      "complete the backend setup for a newly added site",
      "first-time initialization for riversidedental.com after creation", "onboard the new site record into the CLI",
      "we added the website to the dashboard, what's next to get it fully working?",
      "provision backups and monitoring on the newly created site",
    ],
  },
  remove: {
    summary: "Remove a site from CaptainCore and its backend",
    words: "delete site remove completely offboard",
    destructive: true,
    asks: [
      "remove bakery.com from CaptainCore completely", "delete the site from the system and the backend",
      "the client left, get rid of their site from our platform", "take mapleyoga.com out of CaptainCore",
      "decommission the site", "stop managing this site and remove it", "remove the old test site from the dashboard",
      "purge the site record from CaptainCore",
      "we no longer manage this client's website, take it off our system completely",
      "offboard summitroofing.net from the platform", "delete the site and its backend data from CaptainCore",
      "deprovision the site", "clean our dashboard of the abandoned demo site",
      "the client moved to another agency, remove them from our system",
    ],
  },
};

function commandsOf(argument: string, names: readonly (typeof SITE_COMMANDS)[number][]): OperationCommands {
  return {
    argument,
    list: names.map((name) => ({ name, ...COMMANDS[name] })),
  };
}

/** Commands that overwrite or delete: they need confirm: true. */
const DESTRUCTIVE_COMMANDS = new Set(SITE_COMMANDS.filter((name) => COMMANDS[name].destructive));

const lowerCase = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

function firstLine(text: string, max = 80): string {
  const line = text.trim().split(/\r?\n/)[0] ?? "";
  const more = text.trim().includes("\n") ? " …" : "";
  return line.length > max ? `${line.slice(0, max)}…` : `${line}${more}`;
}

function listed(items: string[], max = 4): string {
  return items.length > max ? `${items.slice(0, max).join(", ")} +${items.length - max} more` : items.join(", ");
}

/** Clear messages for the errors a run answers with (docs/api/NOTES.md §6). */
function explainRunErrors<T>(work: () => Promise<T>): Promise<T> {
  return rewordError(
    work,
    (err) => err.serverCode === "invalid_targets",
    "forbidden",
    "No valid targets: none of the environments exists or is visible to this user (check ids with list_site_environments)",
  );
}

type EnvEntry = number | { site_id: number; environment: string };

export const operations = [
  defineOperation({
    name: "run_code",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/run/code",
    summary: "Run a WP-CLI or bash script on one or more environments",
    words: "run wp-cli command bash script ssh terminal on sites execute code query wordpress wp plugin list custom command run recipe code install activate plugin install theme wp plugin install",
    asks: [
      "run wp plugin list on bakery.com", "execute this WP-CLI: wp cache flush on the live site",
      "run a bash script on staging to check disk usage", "wp search-replace old domain to new domain on mapleyoga",
      "deactivate Wordfence via wp-cli on all three client sites", "run `wp option get siteurl` on production",
      "I need to run a custom command on the server: du -sh wp-content/uploads",
      "check php errors by tailing the debug.log on the site",
      "run wp user list --role=administrator on lakeviewvet.com",
      "execute a shell snippet on the staging server to list large files",
      "can you flush the object cache with wp-cli on the florist site",
      "run wp rewrite flush on three of the client's websites",
      "the permalinks broke — run a command on the server to regenerate them",
      "execute php -v and wp core version on production",
    ],
    description:
      "Waits up to wait_seconds for the output (error lines surfaced; completed ≠ succeeded), else returns a job token for wait_for_job; the job goes on.",
    input: {
      code: z.string().trim().min(1).max(100_000).describe("Script, e.g. wp plugin list"),
      environments: z
        .array(
          z.union([
            positiveInt,
            z.strictObject({ site_id: positiveInt, environment: Environment }),
          ]),
        )
        .min(1)
        .max(200)
        .describe("Environment ids, or {site_id, environment} pairs"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    // Elicitation-capable clients: the user is asked about any script that is not plainly read-only WP-CLI.
    confirmWhen: (args) => !isReadOnlyWpCli(args.code),
    run: async (args, ctx) => {
      const envs = args.environments as EnvEntry[];
      const where = listed(envs.map((e) => (typeof e === "number" ? `environment ${e}` : `site ${e.site_id} ${e.environment}`)));
      return explainRunErrors(() =>
        startAndWait(ctx, {
          tool: "run_code",
          path: "/run/code",
          body: { code: args.code, environments: envs },
          what: firstLine(args.code),
          where,
          waitSeconds: args.wait_seconds,
        }),
      );
    },
  }),
  defineOperation({
    name: "run_site_command",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/sites/cli",
    summary: "Run a built-in CaptainCore command on one or more sites",
    words: "built-in site command backup launch https copy migrate deploy defaults permissions scan errors",
    asks: [
      "roll back the WooCommerce plugin to the previous quicksave",
      "restore just functions.php from the last quicksave", "launch bakery.com on its real domain",
      "apply our security recipe to mapleyoga", "migrate the site from this backup zip url",
      "copy the site onto another site", "the form broke after updating Contact Form 7 — undo that plugin update",
      "put the theme back to how it was before the update",
      "the update to Elementor broke the homepage, roll that plugin back to how it was",
      "revert header.php to the earlier saved version on lakeviewvet.com",
      "take the florist site from its temporary url to its real domain", "run our hardening recipe on the shop",
      "clone the live site onto the new site 902", "go back to the previous theme files after yesterday's update",
    ],
    commands: commandsOf("command", SITE_COMMANDS),
    description:
      "value: launch domain, copy target site id, migrate backup URL, recipe id, run code, manage wp-cli command, rollback slug, quicksave_file_restore path. remove deletes the site; remove, *-to-*, copy, migrate and rollbacks need confirm: true. Waits like run_code.",
    input: {
      site_id: z.union([positiveInt, z.array(positiveInt).min(1).max(100)]).describe("Site ID, or several"),
      command: z.enum(SITE_COMMANDS),
      environment: z
        .preprocess(lowerCase, z.enum(["production", "staging", "both"]))
        .default("production")
        .describe("production, staging, or both"),
      value: z
        .union([z.string().max(100_000), z.record(z.string(), z.unknown())])
        .optional(),
      fields: z.record(z.string(), z.unknown()).optional().describe("commit, version, addon_type, notes, filters"),
      confirm: z.boolean().optional().describe("For overwriting commands"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    confirmWhen: (args) => DESTRUCTIVE_COMMANDS.has(args.command),
    run: async (args, ctx) => {
      if (DESTRUCTIVE_COMMANDS.has(args.command) && args.confirm !== true) {
        throw new InputError(
          `${args.command} overwrites or deletes data (${args.command === "remove" ? "it deletes the site" : "it replaces files or the database"}); ask the user, then call again with confirm: true. Nothing was sent.`,
        );
      }
      const ids = Array.isArray(args.site_id) ? args.site_id : [args.site_id];
      // Single site: only the exact "Staging" selects staging; several sites: Production | Staging | Both (docs/api/NOTES.md §5).
      const several = Array.isArray(args.site_id) || args.environment === "both";
      const envName = args.environment === "both" ? "Both" : args.environment === "staging" ? "Staging" : "Production";
      const body: Record<string, unknown> = {
        ...(args.fields ?? {}),
        post_id: several ? ids : ids[0],
        command: args.command,
        environment: envName,
      };
      if (args.value !== undefined) body.value = args.value;
      const what = typeof args.value === "string" && args.value ? `${args.command} ${firstLine(args.value, 60)}` : args.command;
      return startAndWait(ctx, {
        tool: "run_site_command",
        path: "/sites/cli",
        body,
        what,
        where: `${ids.length > 1 ? "sites" : "site"} ${listed(ids.map(String))} (${args.environment})`,
        waitSeconds: args.wait_seconds,
      });
    },
  }),
  defineOperation({
    name: "run_bulk_tool",
    toolset: "jobs",
    core: true,
    method: "POST",
    path: "/sites/bulk-tools",
    summary: "Run a bulk tool (backup, sync, https, launch…) on many environments",
    words: "bulk action many sites at once fleet-wide backup sync https launch",
    asks: [
      "back up all the client sites right now", "force https on every site in the list",
      "sync data on all environments at once", "run a backup across the whole fleet before the big update",
      "bulk launch these 5 staging sites", "do a mass sync for every site on the Maple account",
      "apply the tool to many sites at once", "turn on ssl redirect for a batch of sites",
      "kick off a backup on every client website before the holiday",
      "enable https redirect on all the sites for the Harbor Realty account",
      "refresh plugin data across all production sites at once", "mass launch the four new websites",
      "run the same maintenance tool across a bunch of sites together",
      "do a fleet-wide sync so the dashboard is current",
    ],
    commands: commandsOf("tool", BULK_TOOLS),
    description: "Waits like run_code (output, or a job token for wait_for_job).",
    input: {
      tool: z.enum(BULK_TOOLS),
      environments: z.array(positiveInt).min(1).max(500).describe("Environment IDs (not site ids)"),
      params: z
        .record(z.string(), z.union([z.string().max(500), z.boolean()]))
        .optional()
        .describe("launch {domain}; apply-https {www}; deactivate {business_name, business_link}"),
      wait_seconds: WaitSeconds,
    },
    effect: "write",
    mayDestroy: true,
    run: async (args, ctx) => {
      if (args.tool === "launch" && !args.params?.domain) {
        throw new InputError("launch needs params.domain (the site's new domain, e.g. example.com). Nothing was sent.");
      }
      const body: Record<string, unknown> = { tool: args.tool, environments: args.environments };
      if (args.params) body.params = args.params;
      return explainRunErrors(() =>
        startAndWait(ctx, {
          tool: "run_bulk_tool",
          path: "/sites/bulk-tools",
          body,
          what: args.tool,
          where: `environments ${listed(args.environments.map(String))}`,
          waitSeconds: args.wait_seconds,
        }),
      );
    },
  }),
  defineOperation({
    name: "get_job",
    toolset: "jobs",
    core: true,
    method: "GET",
    path: "/my-jobs/{token}",
    summary: "Get a job's status and output now",
    words: "status of a running job is it done output of command task progress",
    asks: [
      "what's the status of that job", "is the command I ran finished", "show the output of job token abc123",
      "did the script succeed?", "check on my last run", "what did the wp-cli command return", "job progress?",
      "get the result of the backup I kicked off", "how's that command going — any output yet",
      "result of the script I ran on lakeviewvet.com", "did my wp-cli run error out",
      "check job token 7f2a right now, don't wait", "what's the latest on the backup I started",
      "is the thing I asked you to run done",
    ],
    description: "For a run tool's token (your own jobs only). To wait: wait_for_job.",
    input: { token: Token },
    effect: "read",
    run: async (args, ctx) => readOnce(args.token, ctx),
  }),
  defineOperation({
    name: "wait_for_job",
    toolset: "jobs",
    core: true,
    method: "GET",
    path: "/my-jobs/{token}",
    summary: "Wait for a job to finish, up to wait_seconds, then report it",
    words: "wait until finished block until job done",
    asks: [
      "wait for the job to finish and tell me", "hold on until the migration is done", "keep waiting on that task",
      "let me know when the backup completes", "wait a couple minutes for the command to end",
      "block until the bulk sync finishes", "ping me once it's done running", "wait on job token xyz",
      "keep an eye on the task until it finishes, then tell me the result",
      "wait up to five minutes for the backup to finish", "hang on until the migration job returns",
      "let me know when the bulk backup is finished", "sit on token 9c1d until it's done",
      "don't report back until the command has completed",
    ],
    description: "Still running: call again to keep waiting.",
    input: { token: Token, wait_seconds: WaitSeconds },
    effect: "read",
    run: async (args, ctx) => waitAndRender(ctx, args.token, args.wait_seconds),
  }),
  defineOperation({
    name: "cancel_job",
    toolset: "jobs",
    core: true,
    method: "DELETE",
    path: "/my-jobs/{token}",
    summary: "Cancel one of your running jobs",
    words: "stop a running job abort command kill task",
    asks: [
      "cancel that job", "stop the running command", "abort the migration, it's taking forever",
      "kill my script on the site", "I started the wrong bulk backup, stop it", "halt job abc123",
      "never mind, cancel the task", "terminate the running job", "I ran the wrong script — stop it right away",
      "abort token 3b7e", "halt the mass sync I started by mistake", "the migration is stuck, kill it",
      "stop the command running on the florist site", "never mind the mass operation I queued, call it off",
    ],
    description: "A finished job is left as is.",
    input: { token: Token },
    effect: "destructive",
    confirmText: "Stops the running command; work it already did is not undone.",
    run: async (args, ctx) => {
      const before = await readJob(ctx, args.token, ctx.signal);
      if (before.final) {
        const view = before.view();
        return rendered(view.data, { note: `Nothing to cancel: ${view.note}` });
      }
      await ctx.call({});
      const read = await readJob(ctx, args.token, ctx.signal);
      const after = read.answer;
      const view = read.view();
      return rendered(
        { ...view.data, cancel_requested: true },
        {
          note:
            after.status === "cancelled"
              ? `Job ${args.token} is cancelled; changes it made before stopping stay.`
              : `Cancel sent; job ${args.token} is ${after.status || "unknown"} now. Check again with get_job.`,
        },
      );
    },
  }),
  defineOperation({
    name: "get_cli_job",
    toolset: "jobs",
    method: "GET",
    path: "/jobs/{job_id}",
    summary: "Admin: get a CLI task by its numeric task id (not a job token)",
    words: "cli task by numeric id background task details",
    asks: [
      "what's the status of CLI task 9812", "look up task id 4410", "check backend task number 233",
      "did the server-side task 1500 finish", "admin: show me job id 77",
      "get the numeric task result from the cli queue", "status of captaincore cli job 3021",
      "what happened with task #812", "what's the state of backend task 5521",
      "look up the command-line queue entry #902", "did server job 1440 complete", "admin check on numeric task 6012",
      "show result for cli task 318", "task 2777 — running or finished?",
    ],
    description: "Unknown ids answer status unknown. For job tokens use get_job.",
    input: {
      job_id: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, "a CLI task id: 1-64 letters, digits or -"),
    },
    effect: "read",
    render: (data) => {
      const obj = (stripUi(data) ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = { job_id: obj.job_id, status: obj.status === "" ? "unknown" : obj.status };
      if (typeof obj.response === "string") {
        const { output, cut } = capOutput(obj.response, TOOL_OUTPUT_CHARS);
        out.output = output;
        if (cut) out.output_cut = cut;
      }
      if (obj.progress !== undefined) out.progress = obj.progress;
      return out;
    },
  }),
];

async function readOnce(token: string, ctx: OperationContext) {
  const read = await readJob(ctx, token, ctx.signal);
  const view = read.view();
  // A Run::task token never starts from the API: no handle to follow (jobs/view.ts).
  const follow = !view.finished && !waitsForWebApp(read.answer, read.entry);
  return rendered(view.data, {
    note: view.note,
    links: follow ? [{ uri: jobUri(token), name: `job ${token}`, mimeType: "application/json" }] : undefined,
  });
}
