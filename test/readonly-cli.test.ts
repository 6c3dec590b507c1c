/** The read-only WP-CLI allow-list that lets run_code skip asking the user (issue 21 §7): conservative by design. */
import { describe, expect, it } from "vitest";
import { isReadOnlyWpCli } from "../src/jobs/readonly-cli.js";

describe("isReadOnlyWpCli", () => {
  it("accepts scripts made only of read-only wp commands with plain arguments", () => {
    for (const script of [
      "wp plugin list",
      "wp plugin list --format=json --fields=name,status,version",
      "wp core version\nwp option get home\n\n# comment\nwp theme list --status=active",
      "wp --skip-plugins user list --role=administrator",
      "wp cron event list",
      "wp help plugin install",
      "  wp post meta get 12 _thumbnail_id  ",
    ]) expect(isReadOnlyWpCli(script), script).toBe(true);
  });

  it("refuses anything that writes, runs code, or uses shell syntax", () => {
    for (const script of [
      "",
      "# only a comment",
      "wp plugin update --all",
      "wp plugin list\nwp plugin deactivate akismet",
      "wp option update home https://evil.example",
      "wp eval 'echo 1;'",
      "wp eval-file x.php",
      "wp shell",
      "wp db query 'DELETE FROM wp_users'",
      "wp db export -",
      "wp config get DB_PASSWORD",
      "wp plugin list --exec='system(\"rm -rf /\");'",
      "wp plugin list --exec=phpinfo",
      "wp plugin list --require=/tmp/x.php",
      "wp plugin list --ssh=user@host",
      "wp plugin list; rm -rf wp-content",
      "wp plugin list && wp plugin delete akismet",
      "wp plugin list | tee /tmp/x",
      "wp plugin list > index.php",
      "wp option get $(rm -rf /)",
      "wp option get `id`",
      "wp plugin list \\\nupdate",
      "rm -rf wp-content",
      "ls -la",
      "wp cron event run --due-now",
      "WP plugin list",
      "wp plugin list\r\nwp user create eve eve@example.com",
    ]) expect(isReadOnlyWpCli(script), JSON.stringify(script)).toBe(false);
  });
});
