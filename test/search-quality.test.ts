/** Does search_operations find the right operation for the way people actually ask? Measured as a top-3 hit rate. */
import { describe, expect, it } from "vitest";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { data, useHarness } from "./harness.js";

const PHRASINGS: [string, string][] = [
  ["show me all websites", "list_sites"],
  ["which sites are on account 3", "list_sites"],
  ["details of one site", "get_site"],
  ["what plugins are installed on this site", "list_site_environments"],
  ["run wp-cli command on production", "run_code"],
  ["execute a script on several environments", "run_code"],
  ["check the status of a running job", "get_job"],
  ["wait until the job finishes", "wait_for_job"],
  ["stop a job that is running", "cancel_job"],
  ["what changed in the last quicksave", "get_quicksave_changes"],
  ["diff of a file in a quicksave", "get_quicksave_file_diff"],
  ["roll back a plugin to the previous version", "rollback_quicksave"],
  ["list quicksaves for staging", "list_quicksaves"],
  ["recent plugin updates on a site", "list_update_logs"],
  ["which sites run woocommerce version 9.3", "find_sites_by_component"],
  ["what versions of a plugin are installed across the fleet", "list_component_versions"],
  ["log in to wp-admin without a password", "get_magic_login_url"],
  ["list DNS records of a domain", "list_dns_records"],
  ["add an MX record", "create_dns_record"],
  ["change a CNAME record", "update_dns_record"],
  ["remove a TXT record", "delete_dns_record"],
  ["all domains", "list_domains"],
  ["get the transfer auth code of a domain", "get_domain_auth_code"],
  ["lock the domain at the registrar", "set_domain_lock"],
  ["change nameservers", "set_domain_nameservers"],
  ["set up email forwarding for a domain", "activate_email_forwarding"],
  ["create an email alias forward", "create_email_forward"],
  ["mailgun events for a domain", "list_mailgun_events"],
  ["list customer accounts", "list_accounts"],
  ["invite a user to an account", "invite_account_user"],
  ["remove a user from an account", "remove_account_user"],
  ["pay an outstanding invoice", "pay_invoice"],
  ["download invoice pdf", "get_invoice_pdf"],
  ["cancel the hosting plan", "cancel_plan"],
  ["list backups of a site", "list_backups"],
  ["create a snapshot download link", "create_snapshot_link"],
  ["take a new screenshot capture", "create_capture"],
  ["traffic stats for a site", "get_site_stats"],
  ["read the php error log", "get_server_log"],
  ["schedule a script to run later", "schedule_script"],
  ["list saved recipes", "list_recipes"],
  ["push staging to production", "push_environment"],
  ["delete a site", "delete_site"],
  ["add a new site", "create_site"],
  ["rotate my application password", "rotate_application_password"],
  ["enable two-factor authentication", "activate_tfa"],
  ["list hosting providers", "list_providers"],
  ["add an ssh key", "add_ssh_key"],
  ["send a report to the customer", "send_report"],
  ["search the wordpress.org plugin directory", "search_wp_plugins"],
];

const h = useHarness({ toolsets: "default" });

describe("search quality", () => {
  it("every expected operation exists", () => {
    const names = new Set(ALL_OPERATIONS.map((op) => op.name));
    for (const [, expected] of PHRASINGS) expect(names.has(expected), expected).toBe(true);
  });

  it("finds the right operation in the top 3 for at least 90% of realistic phrasings", async () => {
    const misses: string[] = [];
    let top1 = 0;
    for (const [query, expected] of PHRASINGS) {
      const names = data(await h.call("search_operations", { query, limit: 3 })).results.map((r: { name: string }) => r.name);
      if (names[0] === expected) top1++;
      if (!names.includes(expected)) misses.push(`"${query}" → ${names.join(", ") || "nothing"} (wanted ${expected})`);
    }
    const hitRate = (PHRASINGS.length - misses.length) / PHRASINGS.length;
    console.log(
      `search_operations: top-3 hit rate ${(hitRate * 100).toFixed(1)}% (${PHRASINGS.length - misses.length}/${PHRASINGS.length}), top-1 ${top1}/${PHRASINGS.length}` +
        (misses.length ? `\nmisses:\n  ${misses.join("\n  ")}` : ""),
    );
    expect(hitRate).toBeGreaterThanOrEqual(0.9);
  });
});
