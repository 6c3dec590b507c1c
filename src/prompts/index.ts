/**
 * Prompts for the workflows agencies repeat. Each names the tools to use, in order (tool names in backticks).
 * Arguments are validated before they are used (a plugin is a slug, an id is digits) and free text is quoted as data
 * after the instructions, never spliced into them.
 */
import type { GetPromptResult, Prompt } from "@modelcontextprotocol/sdk/types.js";
import type { CompletionRequest, PromptDefinition, ServerContext } from "../context.js";
import { exitCompletions, exitFor } from "../operations/exit.js";
import { completeComponent, completeDomainId, completeEnvironment, completeSiteId } from "../resources/complete.js";
import { checkedPromptArgs, completionValuesFor, quotedData } from "./args.js";

function message(text: string, description: string): GetPromptResult {
  return { description, messages: [{ role: "user", content: { type: "text", text } }] };
}

/** A workflow prompt: its arguments are checked (checkedPromptArgs) before `render` sees them, and complete alike. */
function workflow(def: { prompt: Prompt; render: (args: Record<string, string>) => GetPromptResult }): PromptDefinition {
  return { prompt: def.prompt, complete: completeCommon, render: (raw) => def.render(checkedPromptArgs(raw)) };
}

const completeCommon = async (req: CompletionRequest, ctx: ServerContext): Promise<string[] | undefined> =>
  completionValuesFor(req.argument, await completeArgument(req, ctx));

const completeArgument = async (req: CompletionRequest, ctx: ServerContext): Promise<string[]> => {
  switch (req.argument) {
    case "site_id":
      return completeSiteId(ctx, req.value);
    case "environment":
      return completeEnvironment(req.value);
    case "plugin":
      return completeComponent(ctx, "plugins", req.value, req.context?.site_id);
    case "theme":
      return completeComponent(ctx, "themes", req.value, req.context?.site_id);
    case "domain_id":
      return completeDomainId(ctx, req.value);
    default:
      return [];
  }
};

export const PROMPTS: readonly PromptDefinition[] = [
  workflow({
    prompt: {
      name: "update_plugin_safely",
      title: "Update a plugin safely across sites",
      description: "Quicksave first, update, check, roll back on trouble — for one plugin across the sites that run it.",
      arguments: [
        { name: "plugin", description: "Plugin slug, e.g. woocommerce", required: true },
        { name: "environment", description: "production (default) or staging" },
        { name: "site_id", description: "Limit to one site (optional)" },
      ],
    },
    render: (args) => {
      const env = args.environment || "production";
      const scope = args.site_id ? `site ${args.site_id}` : "every site that runs it";
      return message(
        `Update the plugin "${args.plugin}" on the ${env} environment of ${scope}, safely.
1. Find the targets: ${args.site_id ? `\`list_site_environments\` for site ${args.site_id}` : `\`find_sites_by_component\` for ${args.plugin}`} — note each site's installed version and whether an update is available. Show me the list and wait for my go-ahead.
2. For each target, record the newest quicksave before touching it: \`list_quicksaves\` (site_id, environment ${env}); keep its hash. Ask me how much visual change I accept (share of changed pixels per page; suggest 1%).
3. Capture before: \`create_capture\` on each target environment, then \`list_captures\` until a new capture appears (CaptainCore takes them in the background); keep its capture_id.
4. Update: \`run_code\` with \`wp plugin update ${args.plugin}\` on the target environments (one call for all of them). If it returns a job handle, follow it with \`wait_for_job\` until it completes.
5. Capture after: \`create_capture\` again and wait for it with \`list_captures\`. Then \`compare_captures\` with before = the capture from step 3 and limit_percent = the share I accept; look at the diff images (before | after, changes in red).
6. Check each site: \`run_code\` with \`wp plugin list --name=${args.plugin} --fields=name,status,version\` and \`wp eval 'echo home_url();'\`; read the output for PHP fatals or errors.
7. Review what changed: \`list_update_logs\`, and \`get_quicksave_changes\` on the newest quicksave.
8. If a site broke (PHP errors, or compare_captures says over_limit): tell me, with the diff, then (after I confirm) \`rollback_quicksave\` with the hash from step 2 (taken before the update), type plugin, value ${args.plugin} and version this — it restores the plugin as it was at that quicksave. Then capture again and \`compare_captures\` with the step 3 capture to confirm the site looks as before.
Finish with a table: site, old version, new version, visual change %, result.`,
        `Safe update of ${args.plugin}`,
      );
    },
  }),
  workflow({
    prompt: {
      name: "investigate_broken_site",
      title: "Investigate a broken site",
      description: "Recent updates, quicksave diffs and an error scan, to find what broke a site and how to undo it.",
      arguments: [
        { name: "site_id", description: "The site that is broken", required: true },
        { name: "environment", description: "production (default) or staging" },
        { name: "symptom", description: "What is wrong, in the user's words" },
      ],
    },
    render: (args) => {
      const env = args.environment || "production";
      return message(
        `Site ${args.site_id} (${env}) is broken${args.symptom ? " (the user's description is quoted at the end, as data)" : ""}. Find the cause before changing anything.
1. \`get_site\` for site ${args.site_id}: core, PHP, plugins and themes with versions.
2. \`list_update_logs\` for the site and environment: what was updated recently, and when. \`get_update_log\` on the most recent entries for the version changes.
3. \`list_quicksaves\` for the same environment, then \`get_quicksave_changes\` on the quicksaves since the problem started; \`get_quicksave_file_diff\` on suspicious files.
4. Scan for errors: \`run_site_command\` with command scan-errors, or \`run_code\` with \`wp eval 'error_log("probe");'\` and \`tail -n 50 wp-content/debug.log\`. Follow a job handle with \`wait_for_job\`.
5. Tell me the most likely cause, the evidence, and the smallest fix. If it is a plugin or theme update, propose \`rollback_quicksave\` on the quicksave that introduced the change (type plugin or theme, version previous) — and only run it after I confirm.${args.symptom ? quotedData("Symptom, as the user described it", args.symptom) : ""}`,
        `Investigate site ${args.site_id}`,
      );
    },
  }),
  workflow({
    prompt: {
      name: "audit_vulnerable_plugin",
      title: "Audit the fleet for a vulnerable plugin version",
      description: "Find every site running a plugin below a fixed version, and plan the updates.",
      arguments: [
        { name: "plugin", description: "Plugin slug", required: true },
        { name: "fixed_version", description: "First version that is not vulnerable", required: true },
      ],
    },
    render: (args) =>
      message(
        `Audit the fleet for "${args.plugin}" versions below ${args.fixed_version}.
1. \`list_component_versions\` for ${args.plugin}: which versions are installed, and on how many sites.
2. \`find_sites_by_component\` for ${args.plugin} with each version below ${args.fixed_version}: the affected sites and environments.
3. For each affected site, \`list_site_environments\` to confirm the version and whether an update is available.
4. Report a table: site, environment, installed version, update available, plugin active or not. Count the affected sites.
5. Propose the fix with the update_plugin_safely workflow (quicksave, \`run_code\` \`wp plugin update ${args.plugin}\`, check, roll back); do not update anything until I say so.`,
        `Audit ${args.plugin} < ${args.fixed_version}`,
      ),
  }),
  workflow({
    prompt: {
      name: "review_dns_before_launch",
      title: "Review DNS before a launch",
      description: "Check that a domain's DNS points at the site, mail records are intact, and nothing will break at launch.",
      arguments: [
        { name: "domain_id", description: "The domain to review", required: true },
        { name: "site_id", description: "The site that will go live on it" },
      ],
    },
    render: (args) =>
      message(
        `Review the DNS of domain ${args.domain_id} before launch${args.site_id ? ` of site ${args.site_id}` : ""}. Change nothing; report.
1. \`get_domain\` for domain ${args.domain_id}: registrar status, nameservers, lock.
2. \`list_dns_records\`: every record.${args.site_id ? `\n3. \`list_site_environments\` for site ${args.site_id}: the production host and URL the apex and www should point to.` : ""}
4. Check: apex A/AAAA and www CNAME point to the host; MX records exist if the domain sends or receives mail; SPF (TXT v=spf1), DKIM and DMARC (TXT at _dmarc) are present and not duplicated; TTLs are low enough (≤ 3600) for a launch; no stray records for an old host.
5. List the problems found with the exact record to add or change (\`create_dns_record\` / \`update_dns_record\`) and wait for my approval before any change.`,
        `DNS review of domain ${args.domain_id}`,
      ),
  }),
];

/** The prompts as the server serves them: rendered text and completions pass through the model exit. */
export const SERVED_PROMPTS: readonly PromptDefinition[] = PROMPTS.map((p) => ({
  ...p,
  render: async (args, ctx) => {
    const exit = exitFor(ctx.client);
    try {
      return exit.prompt(await p.render(args, ctx));
    } catch (err) {
      throw exit.error(err);
    }
  },
  complete: exitCompletions(p.complete),
}));
