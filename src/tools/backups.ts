/** Backups (restic), snapshots (zip archives with signed download links), visual captures and data syncs. */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { InputError, rendered } from "../operations/executor.js";
import { Environment, id, Limit, Offset, SiteId, checked } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { DEFAULT_WAIT_SECONDS, startAndWait } from "../jobs/run.js";
import { isSpecial, type Row } from "./shared.js";

const SnapshotId = id();
const BackupId = checked("From list_backups", 100, /^[A-Za-z0-9-]+$/, "a backup id from list_backups");

/** Most characters of a backed-up file shown to the model. */
export const FILE_TEXT_CAP = 8_000;

/**
 * Secrets inside file contents (wp-config.php defines, .env lines) are replaced before text leaves the server:
 * key-based redaction does not reach into a file body.
 */
export function redactFileText(text: string): string {
  return text
    .replace(
      /(define\(\s*['"][A-Z0-9_]*(?:PASSWORD|KEY|SALT|SECRET|TOKEN)[A-Z0-9_]*['"]\s*,\s*)(['"])(.*?)\2/g,
      "$1$2[redacted]$2",
    )
    .replace(/^(\s*(?:export\s+)?[A-Z0-9_]*(?:PASSWORD|SECRET|KEY|TOKEN)[A-Z0-9_]*\s*=\s*).+$/gm, "$1[redacted]");
}

/** A backed-up file as the model may see it: capped, redacted text, or a summary of binary content. */
export function fileResult(file: string, value: unknown): Row {
  if (isSpecial(value)) {
    if (value.kind === "binary") {
      return { file, content_type: value.contentType, bytes: value.bytes, note: "Binary file: content not shown." };
    }
    if (value.kind === "redirect") return { file, location: value.location };
    value = value.text;
  }
  const raw = typeof value === "string" ? value : JSON.stringify(value, null, 1);
  const text = redactFileText(raw);
  if (text.length <= FILE_TEXT_CAP) return { file, chars: text.length, content: text };
  return {
    file,
    chars: text.length,
    content: text.slice(0, FILE_TEXT_CAP),
    truncated: true,
    note: `Showing the first ${FILE_TEXT_CAP} of ${text.length} characters. Read large files with run_code (e.g. tail, grep) on the live site.`,
  };
}

function backupsPage(data: unknown, a: { limit: number; offset: number }) {
  const rows = (asArray(data) as Row[]).map((b) => ({ id: b.id, short_id: b.short_id, time: b.time }));
  return pageOf("backups", rows, a);
}

function captureRow(c: Row): Row {
  return {
    capture_id: toId(c.capture_id),
    created_at: c.created_at,
    git_commit: c.git_commit,
    pages: (asArray(c.pages) as Row[]).map((p) => ({ page: p.page, image_url: p.image_url })),
  };
}

export const operations = [
  defineOperation({
    name: "list_backups",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/{environment}/backups",
    summary: "List an environment's restic backups, newest first",
    words: "backups of a site restore points available backups when was the last backup when was it last backed up latest backup date",
    asks: [
      "what backups do we have for bakery.com?", "when was the last backup of the live site",
      "list restore points for mapleyoga", "is there a backup from before last Tuesday",
      "show the backup history for staging", "how many backups are stored for the dentist site",
      "the site got hacked — which backups are available to go back to", "most recent backups of sunsetcafe.com",
      "what restore points are there for lakeviewvet.com production",
      "we got hacked last week — what backups do we have from before that",
      "how far back do the backups go for the florist site", "is there a backup of my website from yesterday",
      "show me the most recent 10 backups for the shop staging", "backup dates for site 901",
      "list backups of a site", "what backups do we have for acme production",
      "when was riverbendchurch.org last backed up?", "what backups do we have for sunnyvale-tutoring live?",
      "what backups exist for summitclimbinggym.com production?",
      "how far back do our backups go on the staging site for Ashby & Cole? client wants a version from january",
      "list the backups we have for the Ridgeline production site",
    ],
    input: { site_id: SiteId, environment: Environment, limit: Limit(20, 100), offset: Offset },
    effect: "read",
    render: backupsPage,
  }),
  defineOperation({
    name: "get_backup",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/backups/{backup_id}",
    summary: "Get a backup's file list URL, or read one file",
    words: "files inside a backup read a file from backup browse backup contents what is in a backup",
    asks: [
      "what files are in yesterday's backup", "show me wp-config.php from the backup taken on the 3rd",
      "read the .htaccess as it was in that backup", "browse the contents of backup a1b2c3",
      "I need to see the old functions.php from a backup", "give me the file list for that restore point",
      "what did the theme's style.css look like in last week's backup", "open a file inside backup 7f3e",
      "what did wp-config.php look like in the backup from two days ago",
      "list the files inside a particular backup of lakeviewvet.com",
      "pull up the old header.php contents from backup 9a8b", "read the robots.txt as it was in that restore point",
      "which files got backed up in snapshot id c4d5 for the florist site",
      "show the contents of a single file from an older backup", "show me what's in last night's backup of bakery",
      "I need one file back from the Nov 20 backup of mapleyoga, show me what that backup contains",
      "what's inside the March 3 backup of the Hopworks brewery site? need to know if the uploads folder made it in",
      "what's inside the backup from last tuesday on the prairie-rose-florals site? I need one image folder",
      "open backup 8812 for site 90 and show me the file list",
    ],
    description: "With file: its text (capped, secrets redacted).",
    input: {
      site_id: SiteId,
      environment: Environment,
      backup_id: BackupId,
      file: checked("File path inside the backup", 1000).optional(),
    },
    effect: "read",
    run: async (a, ctx) => {
      if (!a.file) {
        const url = await ctx.call({});
        if (typeof url === "string" && url) {
          return { backup_id: a.backup_id, tree_url: url, note: "Pass a path from that list as file to read it." };
        }
        return { backup_id: a.backup_id, tree_url: null, note: "No URL came back: check backup_id with list_backups (or CaptainCore's CLI is down)." };
      }
      try {
        const content = await ctx.call({ query: { file: a.file } });
        const textOf = isSpecial(content) && content.kind === "text" ? content.text : content;
        // restic's own failures (unknown id, missing path) arrive as the streamed "file".
        if (typeof textOf === "string" && /^Fatal: /.test(textOf)) {
          throw new CaptainCoreError("api_error", `${textOf.trim().slice(0, 300)}. Check backup_id with list_backups and the path with tree_url`);
        }
        return fileResult(a.file, content);
      } catch (err) {
        // The plugin streams the bytes under WordPress's JSON content type; non-JSON content cannot be read back.
        if (err instanceof CaptainCoreError && err.code === "invalid_response" && err.status === 200) {
          return rendered({ file: a.file, content: null }, { note: "CaptainCore streamed this file labelled as JSON, so its content could not be read here. Read it on the live site with run_code." });
        }
        throw err;
      }
    },
  }),
  defineOperation({
    name: "set_backup_settings",
    toolset: "backups",
    method: "POST",
    path: "/sites/{site_id}/backup",
    summary: "Turn a site's backups on/off or change interval and mode",
    words: "turn backups on off enable disable pause backup frequency schedule interval",
    asks: [
      "turn on daily backups for bakery.com", "disable backups on the test site",
      "change the backup frequency to weekly", "back up mapleyoga every 12 hours",
      "switch backup mode for the dentist site",
      "we don't need backups on this archived site anymore, switch them off", "enable automatic backups",
      "make backups run more often on the shop", "make sure my website gets backed up every day",
      "pause backups for the old test site", "backup every 6 hours on lakeviewvet.com",
      "turn off backups for the florist site, it's archived", "change the shop's backup schedule to hourly",
      "backups should be on for site 205 with weekly interval", "turn off backups on the old test site",
      "backup oakhill-montessori.org asap", "run a fresh backup of bellamybakery.com before I touch anything",
      "take a backup of fairviewdental now",
      "take a backup of granitepeak.com right now before I mess with the theme",
      "back up the Ellis Realty staging site pls",
    ],
    input: {
      site_id: SiteId,
      active: z.boolean().optional(),
      interval: checked("e.g. daily, weekly", 20).optional(),
      mode: checked("e.g. direct, local", 20).optional(),
    },
    effect: "write",
    idempotent: true,
    // The server replaces the whole settings object: merge with the current one so a partial change loses nothing.
    run: async (a, ctx) => {
      if (a.active === undefined && a.interval === undefined && a.mode === undefined) {
        throw new InputError("set_backup_settings needs at least one of active, interval, mode. Nothing was sent.");
      }
      let current: Row = {};
      if (a.active === undefined || a.interval === undefined || a.mode === undefined) {
        const details = (await ctx.call({ method: "GET", path: "/sites/{site_id}/details" })) as Row;
        const saved = ((details?.site as Row | undefined)?.backup_settings ?? {}) as Row | string;
        current = typeof saved === "string" ? (JSON.parse(saved || "{}") as Row) : saved;
      }
      const settings: Row = { ...current };
      if (a.active !== undefined) settings.active = a.active;
      if (a.interval !== undefined) settings.interval = a.interval;
      if (a.mode !== undefined) settings.mode = a.mode;
      const saved = await ctx.call({ body: { settings } });
      return { site_id: a.site_id, backup_settings: saved };
    },
  }),
  defineOperation({
    name: "list_snapshots",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/snapshots",
    summary: "List a site's snapshots (zip archives), newest first",
    words: "zip archives snapshots downloads of a site zip exports generated full site zips",
    asks: [
      "list the zip snapshots for bakery.com", "what full-site archives have been made",
      "show snapshots of mapleyoga, newest first", "do we have a zip of the site from before the migration",
      "when was the last snapshot taken", "which snapshot zips exist for site 88",
      "find a downloadable copy of the entire site", "any site archives I can hand to the client?",
      "do we have a full zip of the whole website I could give the client",
      "list downloadable full-site archives for lakeviewvet.com",
      "has a complete site zip been made before the redesign", "what zip backups exist for the florist site",
      "most recent full zip of the shop", "full-site zip archives made for site 66, latest first",
      "show the zip exports we've generated for harborviewdental.com",
      "list the downloadable snapshots we've made for fernwoodstudio.com",
      "did anyone make a full zip of the Pinecrest HOA site before the redesign? check snapshots",
    ],
    input: { site_id: SiteId, limit: Limit(20, 100), offset: Offset },
    effect: "read",
    render: (data, a) => {
      const rows: Row[] = [];
      const grouped = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
      for (const [env, list] of Object.entries(grouped)) {
        for (const snap of asArray(list) as Row[]) {
          const created = Number(snap.created_at);
          rows.push({
            snapshot_id: toId(snap.snapshot_id),
            environment: env,
            snapshot_name: snap.snapshot_name,
            created_at: Number.isFinite(created) && created > 0 ? new Date(created * 1000).toISOString() : snap.created_at,
            size_bytes: Number(snap.storage) || undefined,
            by: (snap.user as Row | undefined)?.name ?? snap.email,
            notes: snap.notes || undefined,
          });
        }
      }
      rows.sort((x, y) => String(y.created_at).localeCompare(String(x.created_at)));
      return pageOf("snapshots", rows, a);
    },
  }),
  defineOperation({
    name: "create_snapshot_link",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/snapshot-link/{snapshot_id}",
    summary: "Mint a 24-hour download token for a snapshot",
    words: "download link for a snapshot zip share download",
    asks: [
      "make a download link for the latest snapshot", "I need a token to download snapshot 412",
      "generate a 24 hour link for that site zip", "create an access token so the client can grab the snapshot",
      "get a temporary download pass for the archive", "prepare the snapshot for download",
      "issue a time-limited link for the zip", "unlock snapshot download for bakery",
      "generate a temporary download for the latest zip of lakeviewvet.com",
      "the client wants their site files, make the zip downloadable for a day",
      "create a token for snapshot 903 on the florist site", "set up an expiring link to the site archive",
      "make snapshot 55 downloadable", "get a one-day download token for the shop zip",
      "create a snapshot download link", "get me a download link for the zip of bakery",
      "get me a download link for the latest full zip of bakery.com so I can send it to the new developer",
      "send me a download link for last friday's zip of Whitfield",
      "get me a shareable download link for yesterday's snapshot of crestview-apartments",
      "need a link I can email to the client so they can grab their site zip themselves",
    ],
    description: "Next: get_snapshot_download_url.",
    input: { site_id: SiteId, snapshot_id: SnapshotId },
    effect: "write",
    render: (data, a) => ({ snapshot_id: a.snapshot_id, ...(data as Row) }),
  }),
  defineOperation({
    name: "get_snapshot_download_url",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/snapshots/{snapshot_id}-{token}/{snapshot_name}",
    summary: "Get the signed download URL of a snapshot zip",
    words: "download url of snapshot zip",
    asks: [
      "give me the signed url for the snapshot zip, I have the token", "turn this token into the actual download url",
      "final download link for bakery-2024-05-01.zip", "where do I download the snapshot file",
      "get the zip url for the client to download their site", "signed link to the site archive",
      "download the full site zip now", "resolve the snapshot download address",
      "I've got the download token, now give me the zip address",
      "exchange my token for the real download link of lakeviewvet-2024-06-01.zip",
      "what's the actual url to download the site zip",
      "turn snapshot 903 and its token into a link I can send the client", "signed url for the florist zip",
      "give me the direct link to the full site archive", "download the zip bakery-2026-11-28.zip",
      "download the snapshot zip for greystone-realty from march 3rd",
      "I need the actual archive file of that snapshot on my laptop so I can hand it to the new developer",
    ],
    input: {
      site_id: SiteId,
      snapshot_id: SnapshotId,
      token: checked("Token from create_snapshot_link", 100, /^[A-Za-z0-9-]+$/, "the token from create_snapshot_link"),
      snapshot_name: checked("From list_snapshots", 200, /^[A-Za-z0-9-]+(\.zip)?$/, "a snapshot_name from list_snapshots").transform(
        (n) => n.replace(/\.zip$/, ""),
      ),
    },
    effect: "read",
    render: (data) => {
      const location = (data as Row)?.location;
      return typeof location === "string" ? { url: location, note: "Signed, short-lived URL of the .zip." } : data;
    },
  }),
  defineOperation({
    name: "list_captures",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/{environment}/captures",
    summary: "List visual captures (page screenshots), newest first",
    words: "screenshots history visual changes how the homepage looked visual regression",
    asks: [
      "show screenshot history for bakery.com", "list visual captures of the homepage",
      "when were the last screenshots taken of the live site", "what page captures do we have for mapleyoga",
      "list the visual regression snapshots, newest first", "do we have screenshots from before the update",
      "capture log for the dentist site", "past screenshots of the staging site",
      "what screenshots do we have of lakeviewvet.com over time", "screenshot timeline for the florist staging site",
      "when did we last take pictures of the website's pages", "list past page captures for the shop",
      "are there visual records from last month of site 88", "visual history for production",
      "show the screenshot history of bakery's homepage, I want to see when the banner vanished",
      "show me how the bakery homepage has looked over the past few months",
      "show me the screenshot history for the homepage of bluefinsushi.com",
    ],
    input: { site_id: SiteId, environment: Environment, limit: Limit(10, 50), offset: Offset },
    effect: "read",
    render: (data, a) => {
      return pageOf("captures", (asArray(data) as Row[]).map(captureRow), a);
    },
  }),
  defineOperation({
    name: "create_capture",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/captures/new",
    summary: "Take new screenshots of an environment's capture pages",
    words: "take screenshot now capture homepage",
    asks: [
      "take fresh screenshots of bakery.com", "capture the site now before I run updates",
      "snap the pages again after the update so we can compare", "grab new screenshots of the live site",
      "run a visual capture on staging", "take a picture of how the homepage looks right now",
      "new capture for mapleyoga", "screenshot all the monitored pages",
      "take screenshots of lakeviewvet.com before we update anything",
      "snap the florist homepage and other pages now",
      "I finished updating the shop, grab new screenshots to compare", "record how the website looks right now",
      "new visual capture on production", "photograph every tracked page on site 42 staging",
      "take a new screenshot capture", "take fresh screenshots of the homepage",
      "grab a fresh screenshot of the homepage for elmstreetdeli.com right now",
      "check if the site looks different visually since last time — run a new capture on ironwood fitness",
    ],
    description: "Before and after an update, then compare_captures.",
    input: { site_id: SiteId, environment: Environment },
    effect: "write",
    core: true,
    render: (_data, a) => ({
      site_id: a.site_id,
      environment: a.environment,
      status: "started",
      note: "Runs in the background; see list_captures in a few minutes, then compare_captures.",
    }),
  }),
  defineOperation({
    name: "set_capture_pages",
    toolset: "backups",
    method: "POST",
    path: "/sites/{site_id}/{environment}/captures",
    summary: "Set which pages visual captures screenshot",
    words: "which pages to screenshot capture pages list monitor pages visually add page to screenshots",
    asks: [
      "add /shop and /checkout to the pages we screenshot",
      "which pages get captured — set them to home, about and contact", "monitor the pricing page visually too",
      "change the capture pages for mapleyoga", "the site is password protected, add basic auth for screenshots",
      "stop screenshotting the blog page", "set up visual monitoring on the booking page",
      "configure the urls for visual captures", "also screenshot the /donate page on lakeviewvet.com",
      "the florist site's capture list should be home, /shop, /cart",
      "the staging site needs a login for screenshots — set the basic auth user",
      "which pages should be photographed for visual checks — change them", "remove /blog from the monitored pages",
      "watch the checkout page for visual changes", "add the /shop page to the screenshots for bakery",
      "take a fresh screenshot of bakery.com's homepage",
      "grab new screenshots of thornbury's homepage, we just redesigned the header",
      "take fresh screenshots of the homepage now that the redesign is live",
      "grab a visual capture of staging so we can compare after updates",
    ],
    input: {
      site_id: SiteId,
      environment: Environment,
      pages: z
        .array(z.string().trim().refine((p) => p.length >= 1 && p.length <= 300, "a path of 1 to 300 characters"))
        .refine((l) => l.length >= 1 && l.length <= 50, "1 to 50 paths")
        .describe("Paths, e.g. / and /about"),
      auth: z
        .object({ username: z.string(), password: z.string() })
        .optional()
        .describe("HTTP basic auth"),
    },
    effect: "write",
    idempotent: true,
    body: (a) => ({
      pages: a.pages.map((p) => ({ page: p.startsWith("/") ? p : `/${p}` })),
      ...(a.auth ? { auth: a.auth } : {}),
    }),
    render: (data, a) => ({
      pages: a.pages.map((p) => (p.startsWith("/") ? p : `/${p}`)),
      captures: asArray(data).length,
      note: "Saved. create_capture takes screenshots now.",
    }),
  }),
  defineOperation({
    name: "sync_site_data",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/sync/data",
    summary: "Refresh an environment's plugins, themes and users in CaptainCore",
    words: "refresh site info resync plugins themes users stale data rescan",
    asks: [
      "refresh the plugin list for bakery.com", "the dashboard shows old versions — resync the site",
      "pull the latest plugins, themes and users from the live site", "sync data for mapleyoga staging",
      "I just updated Woo by hand, update captaincore's info", "the site info is stale, re-scan it",
      "re-fetch what's installed on the dentist site", "update the cached data for sunsetcafe",
      "captaincore still shows the old plugin version on lakeviewvet.com, refresh it",
      "rescan the florist site for installed plugins and users",
      "I added a wordpress user manually, update the dashboard",
      "re-pull installed stuff from the shop's staging into the dashboard",
      "the plugin list is out of date — re-read it from the live site",
      "fetch fresh themes and users info from site 123",
      "the plugin versions shown for acme look stale, refresh the site info",
      "dashboard still shows the old Yoast version for Vineyard Church, re-pull their plugin and theme info",
      "refresh the plugin and theme info for greenfieldtaxes.com, dashboard still shows the old versions",
      "resync site 219 production so the details are current",
    ],
    description: "Runs sync-data and waits like run_code.",
    input: { site_id: SiteId, environment: Environment },
    effect: "write",
    run: (args, ctx) =>
      startAndWait(ctx, {
        tool: "sync_site_data",
        path: "/sites/cli",
        body: { post_id: args.site_id, command: "sync-data", environment: args.environment === "staging" ? "Staging" : "Production" },
        what: "sync-data",
        where: `site ${args.site_id} (${args.environment})`,
        waitSeconds: DEFAULT_WAIT_SECONDS,
      }),
  }),
];
