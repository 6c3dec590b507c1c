/** Server instructions sent at initialize (kept under 2 KB): how this server is organised. */
export const INSTRUCTIONS = `CaptainCore manages a fleet of WordPress sites. Start with list_sites (compact rows with site_id and environment_ids), then get_site or list_site_environments for one site. Pending plugin/theme/core updates across many sites: one list_pending_updates call.
Tools are grouped in toolsets; only the daily work is loaded. enable_toolset loads a toolset as tools (list_toolsets shows them). search_operations finds any operation by keywords and shows its input; call_read_operation (reads) and call_write_operation (changes) run it with the same validation and safety.
Environments are "production" or "staging". Site, domain and account ids are numbers from the list tools.
Long commands (run_code, run_site_command, run_bulk_tool) return within about 20 s: either with the output, or with a job handle (captaincore://jobs/{token}); follow it with get_job or wait_for_job, or read/subscribe to the resource.
Before changing plugins or themes, note the latest quicksave: list_quicksaves and get_quicksave_changes show what changed, rollback_quicksave restores (destructive).
To see a site, get_capture_image; to check an update visually, create_capture before and after, then compare_captures (changed %, regions, a before | after image).
Destructive operations ask the user for confirmation when the client supports it; otherwise they need confirm: true after the user agreed. Lists take limit/offset and report total and next_offset. Credentials are always redacted.`;
