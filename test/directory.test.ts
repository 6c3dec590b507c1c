import { describe, expect, it } from "vitest";
import { archiveShares } from "../src/simulator/routes/directory.js";
import { data, errorCode, errorOf, text, withUsers } from "./harness.js";

const { sim, admin, client } = withUsers("directory");

const lastRequest = (path: string) => sim.requests.filter((r) => r.path === path).at(-1)!;

describe("WordPress.org directory", () => {
  it("browses popular plugins 9 per page with compact rows", async () => {
    const out = data(await client.call("search_wp_plugins"));
    expect(lastRequest("/wp-plugins").query).toEqual({ page: "1" });
    expect(out).toMatchObject({ total: 20, page: 1, pages: 3, next_page: 2 });
    expect(out.plugins).toHaveLength(9);
    expect(out.plugins[0]).toEqual({
      slug: "wordpress-seo",
      name: "Yoast SEO",
      version: "23.9",
      author: "Team Yoast",
      rating: 96,
      active_installs: 10_000_000,
      last_updated: "2026-11-20 3:00pm GMT",
      description: "Improve your WordPress SEO: write better content and have a fully optimized site.",
    });
    const last = data(await client.call("search_wp_plugins", { page: 3 }));
    expect(last.plugins).toHaveLength(2);
    expect(last.next_page).toBeUndefined();
  });

  it("searches plugins, sending the term as value", async () => {
    const out = data(await client.call("search_wp_plugins", { search: "woocommerce" }));
    expect(lastRequest("/wp-plugins").query).toEqual({ value: "woocommerce", page: "1" });
    expect(out.total).toBe(4);
    expect(out.plugins.map((p: { slug: string }) => p.slug)).toEqual([
      "woocommerce",
      "woocommerce-payments",
      "woocommerce-gateway-stripe",
      "woocommerce-pdf-invoices-packing-slips",
    ]);
    expect(JSON.stringify(out)).not.toContain("<a href");
  });

  it("searches themes", async () => {
    const out = data(await client.call("search_wp_themes", { search: "twenty" }));
    expect(lastRequest("/wp-themes").query).toEqual({ value: "twenty", page: "1" });
    expect(out.total).toBe(3);
    expect(out.themes[0]).toMatchObject({ slug: "twentytwentyfive", author: "wordpressdotorg", preview_url: "https://wp-themes.com/twentytwentyfive/" });
    const popular = data(await client.call("search_wp_themes", { page: 2 }));
    expect(popular).toMatchObject({ total: 11, page: 2, pages: 2 });
    expect(popular.themes).toHaveLength(2);
  });

  it("rejects a page below 1 before sending", async () => {
    const before = sim.requests.length;
    const r = await client.call("search_wp_themes", { page: 0 });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("page");
    expect(sim.requests.length).toBe(before);
  });
});

describe("fleet security logs (admin)", () => {
  it("lists Web Risk logs with numeric counts and at most 5 errors each", async () => {
    const out = data(await admin.call("list_web_risk_logs"));
    expect(out.total).toBe(3);
    expect(out.logs[0]).toMatchObject({ web_risk_log_id: 9, total_sites: 12, threats_found: 1, errors_count: 7 });
    expect(out.logs[0].threats).toEqual([{ site: "cedar-garden.test", threat_types: ["SOCIAL_ENGINEERING"] }]);
    expect(out.logs[0].errors).toHaveLength(5);
    expect(out.logs[1].errors).toBeUndefined();
    const page = data(await admin.call("list_web_risk_logs", { limit: 1, offset: 2 }));
    expect(page.logs.map((l: { web_risk_log_id: number }) => l.web_risk_log_id)).toEqual([7]);
  });

  it("lists checksum failures with files capped and no SFTP details", async () => {
    const out = data(await admin.call("list_checksum_failures"));
    expect(out.total).toBe(2);
    expect(out.failures[0]).toEqual({
      site_id: 3,
      site_name: "acme-careers.test",
      environment: "Production",
      environment_id: 5,
      home_url: "https://acme-careers.test",
      files: ["wp-includes/version.php", "wp-admin/includes/class-wp-upgrader.php"],
      files_total: 2,
    });
    expect(out.failures[1].files).toHaveLength(10);
    expect(out.failures[1].files_total).toBe(14);
    const cedar = data(await admin.call("list_checksum_failures", { search: "cedar" }));
    expect(cedar.failures.map((f: { site_id: number }) => f.site_id)).toEqual([10]);
  });

  it("refuses non-admins", async () => {
    for (const name of ["list_web_risk_logs", "list_checksum_failures"]) {
      const r = await client.call(name);
      expect(r.isError).toBe(true);
      expect(errorCode(r)).toBe("forbidden");
      expect(text(r)).toContain("403");
    }
  });
});

describe("archive (admin)", () => {
  it("lists archive files, directories marked, filterable", async () => {
    const out = data(await admin.call("list_archive"));
    expect(out.total).toBe(5);
    expect(out.files[0]).toEqual({ path: "old-client.com_2025-06-30.zip", size_bytes: 1_284_112_384, modified: "2025-06-30T04:12:09Z" });
    expect(out.files[1]).toEqual({ path: "retired", dir: true });
    const retired = data(await admin.call("list_archive", { search: "retired/" }));
    expect(retired.total).toBe(2);
  });

  it("says so when the CLI gives no answer", async () => {
    sim.inject({ path: "/archive", body: null });
    const out = data(await admin.call("list_archive"));
    expect(out).toMatchObject({ files: [], total: 0 });
    expect(out.note).toContain("try again");
  });

  it("shares a file and records it; an unknown file gives no link", async () => {
    const out = data(await admin.call("share_archive_file", { file: "retired/acme-legacy.test_2024-11-02.zip" }));
    expect(out.link).toMatch(/^https:\/\/f000\.backblazeb2\.com\/file\/captaincore-archive\/retired\/acme-legacy\.test_2024-11-02\.zip\?Authorization=/);
    expect(lastRequest("/archive/share").body).toEqual({ file: "retired/acme-legacy.test_2024-11-02.zip" });
    expect(archiveShares(sim.state).at(-1)).toMatchObject({ file: "retired/acme-legacy.test_2024-11-02.zip", link: out.link });
    const none = data(await admin.call("share_archive_file", { file: "missing.zip" }));
    expect(none.link).toBeNull();
    expect(none.note).toContain("list_archive");
  });

  it("rejects unsafe paths before sending and refuses non-admins", async () => {
    const before = sim.requests.length;
    for (const file of ["../etc/passwd", "a b.zip", ""]) {
      const r = await admin.call("share_archive_file", { file });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain("Nothing was sent");
    }
    expect(sim.requests.length).toBe(before);
    const shares = archiveShares(sim.state).length;
    for (const [name, args] of [["list_archive", {}], ["share_archive_file", { file: "missing.zip" }]] as const) {
      const r = await client.call(name, args);
      expect(r.isError).toBe(true);
      expect(errorCode(r)).toBe("forbidden");
      expect(errorOf(r).message).toBe("Forbidden");
    }
    expect(archiveShares(sim.state).length).toBe(shares);
  });
});
