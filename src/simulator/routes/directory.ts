/** Simulated CaptainCore routes for the directory toolset: WordPress.org search, security logs, archive. */
import { createHash } from "node:crypto";
import { requireAdmin } from "../guards.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import type { SimState } from "../state.js";

const PER_PAGE = 9;

type Entry = [slug: string, name: string, version: string, author: string, installs: number, rating: number, blurb: string];

const PLUGINS: Entry[] = [
  ["woocommerce", "WooCommerce", "9.4.2", "Automattic", 7_000_000, 90, "Everything you need to launch an online store in days."],
  ["wordpress-seo", "Yoast SEO", "23.9", "Team Yoast", 10_000_000, 96, "Improve your WordPress SEO: write better content and have a fully optimized site."],
  ["contact-form-7", "Contact Form 7", "6.0.1", "Takayuki Miyoshi", 10_000_000, 80, "Just another contact form plugin. Simple but flexible."],
  ["elementor", "Elementor Website Builder", "3.25.10", "Elementor.com", 10_000_000, 92, "The drag and drop website builder."],
  ["akismet", "Akismet Anti-spam: Spam Protection", "5.3.7", "Automattic", 6_000_000, 94, "The best anti-spam protection to block spam comments."],
  ["jetpack", "Jetpack", "14.0", "Automattic", 4_000_000, 74, "Security, performance, and marketing tools made by WordPress experts."],
  ["wordfence", "Wordfence Security", "8.0.1", "Wordfence", 5_000_000, 94, "Firewall, malware scanner, two-factor authentication and login security."],
  ["litespeed-cache", "LiteSpeed Cache", "6.5.2", "LiteSpeed Technologies", 6_000_000, 96, "All-in-one site acceleration and caching."],
  ["really-simple-ssl", "Really Simple Security", "9.1.2", "Really Simple Plugins", 4_000_000, 96, "Easily improve site security with WordPress hardening and SSL."],
  ["classic-editor", "Classic Editor", "1.6.7", "WordPress Contributors", 9_000_000, 98, "Enables the previous classic editor and the old-style Edit Post screen."],
  ["wpforms-lite", "WPForms – Easy Form Builder", "1.9.2.1", "WPForms", 6_000_000, 98, "Drag and drop contact form builder."],
  ["updraftplus", "UpdraftPlus: WP Backup & Migration Plugin", "1.24.11", "TeamUpdraft", 3_000_000, 96, "Backup and restore: simplifies backups and restoration."],
  ["redirection", "Redirection", "5.5.1", "John Godley", 2_000_000, 88, "Manage 301 redirects and keep track of 404 errors."],
  ["query-monitor", "Query Monitor", "3.17.0", "John Blackbourn", 200_000, 98, "The developer tools panel for WordPress."],
  ["wp-mail-smtp", "WP Mail SMTP by WPForms", "4.2.0", "WPForms", 4_000_000, 94, "Make email delivery easy for WordPress. Connect with SMTP, Gmail, Outlook…"],
  ["advanced-custom-fields", "Advanced Custom Fields (ACF®)", "6.3.11", "WP Engine", 2_000_000, 96, "Customize WordPress with powerful, professional and intuitive fields."],
  ["woocommerce-payments", "WooPayments: Integrated WooCommerce Payments", "8.5.1", "Automattic", 600_000, 60, "Securely accept credit and debit cards on your WooCommerce store."],
  ["woocommerce-gateway-stripe", "WooCommerce Stripe Payment Gateway", "8.9.0", "Stripe", 900_000, 56, "Take credit card payments on your store using Stripe."],
  ["woocommerce-pdf-invoices-packing-slips", "PDF Invoices & Packing Slips for WooCommerce", "3.9.0", "WP Overnight", 300_000, 96, "Create, print & automatically email PDF invoices & packing slips for WooCommerce orders."],
  ["mailpoet", "MailPoet – Newsletters, Email Marketing, and Automation", "5.4.1", "MailPoet", 600_000, 90, "Create and send newsletters, post notifications and welcome emails."],
];

const THEMES: Entry[] = [
  ["twentytwentyfive", "Twenty Twenty-Five", "1.0", "wordpressdotorg", 1_000_000, 70, "Twenty Twenty-Five emphasizes simplicity and adaptability."],
  ["twentytwentyfour", "Twenty Twenty-Four", "1.3", "wordpressdotorg", 1_000_000, 76, "Twenty Twenty-Four is designed to be flexible, versatile and applicable to any website."],
  ["astra", "Astra", "4.8.7", "brainstormforce", 1_000_000, 98, "Astra is fast, fully customizable & beautiful WordPress theme suitable for blog, portfolio, business and WooCommerce."],
  ["generatepress", "GeneratePress", "3.5.1", "edge22", 500_000, 98, "GeneratePress is a lightweight WordPress theme built with a focus on speed and usability."],
  ["kadence", "Kadence", "1.2.11", "kadencewp", 400_000, 98, "Kadence Theme is a lightweight yet full featured WordPress theme."],
  ["oceanwp", "OceanWP", "4.0.2", "oceanwp", 600_000, 96, "OceanWP is the perfect theme for your project, including WooCommerce shops."],
  ["hello-elementor", "Hello Elementor", "3.1.1", "elemntor", 1_000_000, 88, "Hello Elementor is a lightweight and minimalist WordPress theme built for Elementor."],
  ["neve", "Neve", "3.8.15", "codeinwp", 200_000, 96, "Neve is a super fast, easily customizable, multi-purpose theme."],
  ["blocksy", "Blocksy", "2.0.77", "creativethemeshq", 200_000, 98, "Blocksy is a blazing fast and lightweight WordPress theme built with the latest web technologies."],
  ["storefront", "Storefront", "4.6.0", "woocommerce", 70_000, 90, "Storefront is the perfect theme for your next WooCommerce project."],
  ["twentytwentythree", "Twenty Twenty-Three", "1.6", "wordpressdotorg", 800_000, 60, "Twenty Twenty-Three is designed to take advantage of the new design tools."],
];

function search(list: Entry[], req: SimRequest): { page: number; pages: number; found: Entry[]; results: number } {
  const term = typeof req.query.value === "string" ? req.query.value.trim().toLowerCase() : "";
  const found = term
    ? list.filter(([slug, name, , , , , blurb]) => [slug, name, blurb].some((x) => x.toLowerCase().includes(term)))
    : [...list].sort((a, b) => b[4] - a[4]); // browse "popular"
  const page = Math.max(1, Number(req.query.page) || 1);
  return { page, pages: Math.ceil(found.length / PER_PAGE), results: found.length, found: found.slice((page - 1) * PER_PAGE, page * PER_PAGE) };
}

export interface ArchiveShare {
  file: string;
  link: string;
}

export function archiveShares(state: SimState): ArchiveShare[] {
  return state.ext<ArchiveShare[]>("archive_shares", () => []);
}

export const ARCHIVE = [
  { Path: "old-client.com_2025-06-30.zip", Name: "old-client.com_2025-06-30.zip", Size: 1_284_112_384, MimeType: "application/zip", ModTime: "2025-06-30T04:12:09Z", IsDir: false },
  { Path: "retired", Name: "retired", Size: -1, MimeType: "inode/directory", ModTime: "2025-01-01T00:00:00Z", IsDir: true },
  { Path: "retired/acme-legacy.test_2024-11-02.zip", Name: "acme-legacy.test_2024-11-02.zip", Size: 734_003_200, MimeType: "application/zip", ModTime: "2024-11-02T10:00:00Z", IsDir: false },
  { Path: "retired/bluebird-old.test_2025-03-14.zip", Name: "bluebird-old.test_2025-03-14.zip", Size: 98_566_144, MimeType: "application/zip", ModTime: "2025-03-14T18:30:00Z", IsDir: false },
  { Path: "winter-campaign.test_2025-02-20.zip", Name: "winter-campaign.test_2025-02-20.zip", Size: 45_088_768, MimeType: "application/zip", ModTime: "2025-02-20T08:45:00Z", IsDir: false },
];

/** The archive routes check the admin role inside the callback, with their own body. */
function archiveAdmin(req: SimRequest): void {
  requireAdmin(req, "rest_forbidden", "Forbidden");
}

export function register(router: Router): void {
  router.get("/wp-plugins", "login", (req) => {
    const { page, pages, results, found } = search(PLUGINS, req);
    return {
      info: { page, pages, results },
      plugins: found.map(([slug, name, version, author, installs, rating, blurb]) => ({
        name,
        slug,
        version,
        author: `<a href="https://profiles.wordpress.org/${slug}/">${author}</a>`,
        author_profile: `https://profiles.wordpress.org/${slug}/`,
        requires: "6.5",
        tested: "6.7.1",
        requires_php: "7.4",
        rating,
        ratings: { 5: 100, 4: 10, 3: 3, 2: 1, 1: 5 },
        num_ratings: 119,
        support_threads: 40,
        support_threads_resolved: 35,
        active_installs: installs,
        downloaded: installs * 12,
        last_updated: "2026-11-20 3:00pm GMT",
        added: "2012-01-01",
        homepage: `https://wordpress.org/plugins/${slug}/`,
        short_description: blurb,
        description: `<p>${blurb}</p>`.repeat(20),
        download_link: `https://downloads.wordpress.org/plugin/${slug}.${version}.zip`,
        tags: { ecommerce: "ecommerce" },
        donate_link: "",
        icons: { "1x": `https://ps.w.org/${slug}/assets/icon-128x128.png` },
      })),
    };
  });

  router.get("/wp-themes", "login", (req) => {
    const { page, pages, results, found } = search(THEMES, req);
    return {
      info: { page, pages, results },
      themes: found.map(([slug, name, version, author, , rating, blurb]) => ({
        name,
        slug,
        version,
        preview_url: `https://wp-themes.com/${slug}/`,
        author: { user_nicename: author, profile: `https://profiles.wordpress.org/${author}/`, avatar: "", display_name: author, author: author, author_url: "" },
        screenshot_url: `//ts.w.org/wp-content/themes/${slug}/screenshot.png`,
        rating,
        num_ratings: 100,
        homepage: `https://wordpress.org/themes/${slug}/`,
        description: blurb,
        requires: "6.4",
        requires_php: "7.4",
      })),
    };
  });

  router.get("/web-risk-logs", "admin", () => [
    {
      web_risk_log_id: "9",
      total_sites: "12",
      threats_found: "1",
      errors_count: "7",
      details: {
        threats: [{ site: "cedar-garden.test", threat_types: ["SOCIAL_ENGINEERING"] }],
        errors: Array.from({ length: 7 }, (_, i) => ({ site: `site-${i}.test`, message: "timeout" })),
      },
      created_at: "2026-11-27 03:00:00",
    },
    { web_risk_log_id: "8", total_sites: "12", threats_found: "0", errors_count: "0", details: { threats: [], errors: [] }, created_at: "2026-11-20 03:00:00" },
    {
      web_risk_log_id: "7",
      total_sites: "11",
      threats_found: "0",
      errors_count: "1",
      details: { threats: [], errors: [{ site: "bluebird.media", message: "timeout" }] },
      created_at: "2026-11-13 03:00:00",
    },
  ]);

  // Only active sites; site_id and environment_id are integers here.
  router.get("/checksum-failures", "admin", (req) => {
    const failing: [number, string, string[]][] = [
      [3, "Production", ["wp-includes/version.php", "wp-admin/includes/class-wp-upgrader.php"]],
      [10, "Staging", Array.from({ length: 14 }, (_, i) => `wp-includes/js/dist/file-${i}.min.js`)],
    ];
    return failing.flatMap(([siteId, envName, files]) => {
      const site = req.state.sites.find((x) => x.site_id === siteId && x.status === "active");
      const env = req.state.environments.find((e) => e.site_id === siteId && e.environment === envName);
      if (!site || !env) return [];
      return [
        {
          site_name: site.name,
          site_id: site.site_id,
          environment: env.environment,
          environment_id: env.environment_id,
          home_url: env.home_url,
          address: env.address,
          username: env.username,
          port: env.port,
          core_checksum_details: { status: "fail", files },
        },
      ];
    });
  });

  router.get("/archive", "login", (req) => {
    archiveAdmin(req);
    return ARCHIVE;
  });

  router.post("/archive/share", "login", (req) => {
    archiveAdmin(req);
    const file = String(req.param("file") ?? "");
    if (!file || !/^[A-Za-z0-9._/-]+$/.test(file)) throw new WpError("invalid_file", "Invalid file path.", 400);
    const exists = ARCHIVE.some((f) => !f.IsDir && f.Path === file);
    const link = exists
      ? `https://f000.backblazeb2.com/file/captaincore-archive/${file}?Authorization=${createHash("sha256").update(file).digest("hex").slice(0, 40)}`
      : "";
    archiveShares(req.state).push({ file, link });
    return { link };
  });
}
