/**
 * The agency's weekly jobs as scripted agents: each decides its next call from what the previous calls answered
 * (no ids from the seed), returns its final answer, and `check` compares that answer with the simulator's own
 * state read over HTTP as the administrator. Shared by test/tasks/agency.test.ts and bench/tasks.js.
 */
import assert from "node:assert/strict";

const CLARA = { username: "clara", password: "demo-clara-pass-0003-0004" };

/** Follows a run tool's answer to the end, the way an agent would: wait_for_job while it is not finished. */
async function finished(agent, answer) {
  let out = answer;
  for (let i = 0; i < 5 && out.ok && out.data.finished === false && out.data.token && out.data.starts_from_api !== false; i++) {
    out = await agent.call("wait_for_job", { token: out.data.token, wait_seconds: 30 });
  }
  return out;
}

async function siteNamed(agent, part) {
  const found = await agent.call("list_sites", { search: part });
  assert.ok(found.ok && found.data.sites.length >= 1, `no site matches ${part}`);
  return found.data.sites[0];
}

/** Every page of list_pending_updates. */
async function allPending(agent, args) {
  const rows = [];
  let offset = 0;
  for (;;) {
    const page = await agent.call("list_pending_updates", { ...args, limit: 200, offset });
    assert.ok(page.ok, page.text);
    rows.push(...page.data.sites);
    if (page.data.next_offset === undefined) return { rows, page };
    offset = page.data.next_offset;
  }
}

/** The simulator's truth: site id → pending plugin slugs of one environment. */
async function pendingTruth(agent, environment = "production", plugin) {
  const out = new Map();
  for (const site of await agent.sim("GET", "/sites")) {
    const envs = await agent.sim("GET", `/sites/${site.site_id}/environments`);
    const env = envs.find((e) => e.environment.toLowerCase() === environment);
    const slugs = (env?.plugins ?? []).filter((p) => p.update === "available" && (!plugin || p.name === plugin)).map((p) => p.name);
    if (slugs.length) out.set(Number(site.site_id), slugs.sort());
  }
  return out;
}

const slugsOf = (labels = []) => labels.map((l) => l.split(" ")[0]).sort();

export const TASKS = [
  {
    name: "pending updates across the fleet",
    async run(agent) {
      const { rows } = await allPending(agent, {});
      return new Map(rows.filter((r) => r.plugins).map((r) => [r.site_id, slugsOf(r.plugins)]));
    },
    async check(answer, agent) {
      assert.deepEqual(answer, await pendingTruth(agent));
    },
  },
  {
    name: "which sites need a WooCommerce update",
    async run(agent) {
      const { rows } = await allPending(agent, { plugins: ["woocommerce"] });
      return rows.map((r) => r.site_id).sort((a, b) => a - b);
    },
    async check(answer, agent) {
      assert.deepEqual(answer, [...(await pendingTruth(agent, "production", "woocommerce")).keys()].sort((a, b) => a - b));
    },
  },
  {
    name: "what one site needs (found by part of its name)",
    async run(agent) {
      const site = await siteNamed(agent, "acme-docs");
      const out = await agent.call("list_pending_updates", { site_ids: [site.site_id] });
      return { site_id: site.site_id, plugins: slugsOf(out.data.sites[0]?.plugins) };
    },
    async check(answer, agent) {
      assert.deepEqual(answer.plugins, (await pendingTruth(agent)).get(answer.site_id) ?? []);
    },
  },
  {
    name: "one site's environment details",
    async run(agent) {
      const site = await siteNamed(agent, "kitchen");
      const out = await agent.call("list_site_environments", { site_id: site.site_id });
      const staging = out.data.environments.find((e) => e.environment === "Staging");
      return { site_id: site.site_id, php: staging.php_version, core: staging.core, host: staging.address };
    },
    async check(answer, agent) {
      const envs = await agent.sim("GET", `/sites/${answer.site_id}/environments`);
      const staging = envs.find((e) => e.environment === "Staging");
      assert.deepEqual(answer, { site_id: answer.site_id, php: staging.details.php_version, core: staging.core, host: staging.address });
    },
  },
  {
    name: "run WP-CLI and get the output",
    async run(agent) {
      const site = await siteNamed(agent, "acme-blog");
      const ran = await finished(agent, await agent.call("run_code", { code: "wp option get home", environments: [{ site_id: site.site_id, environment: "production" }] }));
      assert.equal(ran.data.status, "completed", ran.text);
      return { site_id: site.site_id, home: ran.data.output.trim() };
    },
    async check(answer, agent) {
      const envs = await agent.sim("GET", `/sites/${answer.site_id}/environments`);
      assert.equal(answer.home, envs.find((e) => e.environment === "Production").home_url);
    },
  },
  {
    name: "find a quicksave, roll a plugin back, verify the version",
    async run(agent) {
      const site = await siteNamed(agent, "acme-shop");
      const where = { site_id: site.site_id, environment: "production" };
      const saves = await agent.call("list_quicksaves", { ...where, limit: 5 });
      for (const qs of saves.data.quicksaves) {
        const detail = await agent.call("call_read_operation", { name: "get_quicksave", arguments: { ...where, hash: qs.hash } });
        const changed = detail.data.plugins?.changed?.find((c) => c.from && c.to);
        if (!changed) continue;
        const rolled = await finished(
          agent,
          await agent.call("rollback_quicksave", { ...where, hash: qs.hash, type: "plugin", value: changed.name, version: "previous", confirm: true }),
        );
        const envs = await agent.call("list_site_environments", { site_id: site.site_id, detail: "full" });
        const plugin = envs.data.environments.find((e) => e.environment === "Production").plugins.find((p) => p.name === changed.name);
        return { site_id: site.site_id, slug: changed.name, expected: changed.from, job: rolled.data.status, version: plugin.version };
      }
      throw new Error("no quicksave changed a plugin version");
    },
    async check(answer, agent) {
      assert.equal(answer.job, "completed");
      assert.equal(answer.version, answer.expected);
      const envs = await agent.sim("GET", `/sites/${answer.site_id}/environments`);
      assert.equal(envs.find((e) => e.environment === "Production").plugins.find((p) => p.name === answer.slug).version, answer.expected);
    },
  },
  {
    name: "update staging plugins and verify",
    async run(agent) {
      const { rows } = await allPending(agent, { environment: "staging" });
      const target = [...rows].sort((a, b) => (b.plugins?.length ?? 0) - (a.plugins?.length ?? 0))[0];
      const ran = await finished(agent, await agent.call("run_code", { code: "wp plugin update --all", environments: [{ site_id: target.site_id, environment: "staging" }] }));
      assert.equal(ran.data.status, "completed", ran.text);
      const after = await agent.call("list_pending_updates", { site_ids: [target.site_id], environment: "staging" });
      return { site_id: target.site_id, before: target.plugins.length, left: after.data.sites[0]?.plugins?.length ?? 0 };
    },
    async check(answer, agent) {
      assert.ok(answer.before > 0);
      assert.equal(answer.left, 0);
      assert.equal((await pendingTruth(agent, "staging")).get(answer.site_id), undefined);
    },
  },
  {
    name: "DNS list and add a record",
    async run(agent) {
      const domains = await agent.call("list_domains", { search: "bluebird.media" });
      const domain = domains.data.domains.find((d) => d.name === "bluebird.media");
      const before = await agent.call("list_dns_records", { domain_id: domain.domain_id, limit: 100 });
      const added = await agent.call("create_dns_record", { domain_id: domain.domain_id, type: "TXT", name: "_agency-check", value: "verified-by-agent" });
      assert.ok(added.ok, added.text);
      const after = await agent.call("list_dns_records", { domain_id: domain.domain_id, type: "TXT", limit: 100 });
      return { domain_id: domain.domain_id, before: before.data.total, found: after.data.records.some((r) => r.name === "_agency-check") };
    },
    async check(answer, agent) {
      assert.ok(answer.found);
      const zone = await agent.sim("GET", `/dns/${answer.domain_id}`);
      assert.equal(zone.records.length, answer.before + 1);
      assert.ok(zone.records.some((r) => r.type === "TXT" && JSON.stringify(r).includes("verified-by-agent")));
    },
  },
  {
    name: "an account's invoices (as its billing user)",
    env: { CAPTAINCORE_DEMO_USER: "client" },
    async run(agent) {
      const found = await agent.call("search_operations", { query: "billing invoices" });
      assert.ok(found.data.results.some((r) => r.name === "get_billing"), found.text);
      const billing = await agent.call("call_read_operation", { name: "get_billing", arguments: {} });
      return billing.data.invoices.map((i) => ({ id: i.invoice_id, status: i.status }));
    },
    async check(answer, agent) {
      const raw = await agent.sim("GET", "/billing", undefined, CLARA);
      assert.deepEqual(answer.map((i) => i.id).sort(), raw.invoices.map((i) => i.order_id).sort());
      assert.ok(answer.length > 0);
    },
  },
  {
    name: "invite a user to an account",
    async run(agent) {
      const accounts = await agent.call("call_read_operation", { name: "list_accounts", arguments: { search: "Cedar" } });
      const account = accounts.data.accounts[0];
      const invited = await agent.call("call_write_operation", { name: "invite_account_user", arguments: { account_id: account.account_id, email: "jane@agency.test" } });
      assert.ok(invited.ok, invited.text);
      return { account_id: account.account_id, email: "jane@agency.test" };
    },
    async check(answer, agent) {
      const account = await agent.sim("GET", `/accounts/${answer.account_id}`);
      assert.ok(JSON.stringify(account.invites).includes(answer.email));
    },
  },
  {
    name: "find a site by part of its name",
    async run(agent) {
      const site = await siteNamed(agent, "podcast");
      return { site_id: site.site_id, name: site.name };
    },
    async check(answer, agent) {
      const matching = (await agent.sim("GET", "/sites")).filter((s) => s.name.includes("podcast"));
      assert.deepEqual([answer], matching.map((s) => ({ site_id: Number(s.site_id), name: s.name })));
    },
  },
  {
    name: "a destructive action refused without confirmation",
    async run(agent) {
      const site = await siteNamed(agent, "garden");
      const tried = await agent.call("call_write_operation", { name: "delete_site", arguments: { site_id: site.site_id } });
      return { site_id: site.site_id, refused: !tried.ok, says: tried.text };
    },
    async check(answer, agent) {
      assert.ok(answer.refused);
      assert.match(answer.says, /confirm/);
      assert.ok((await agent.sim("GET", "/sites")).some((s) => Number(s.site_id) === answer.site_id));
    },
  },
  {
    name: "refresh a site whose data is stale",
    async run(agent) {
      const list = await agent.call("list_sites", { limit: 200 });
      const stale = list.data.sites.find((s) => s.stale_sync);
      assert.ok(stale, "no stale site");
      const ran = await finished(agent, await agent.call("run_site_command", { site_id: stale.site_id, command: "sync-data" }));
      const again = await agent.call("list_sites", { search: stale.slug });
      return { site_id: stale.site_id, job: ran.data.status, still_stale: !!again.data.sites[0]?.stale_sync };
    },
    async check(answer, agent) {
      assert.equal(answer.job, "completed");
      assert.equal(answer.still_stale, false);
      const site = (await agent.sim("GET", "/sites")).find((s) => Number(s.site_id) === answer.site_id);
      assert.equal(site.outdated, false);
    },
  },
];
