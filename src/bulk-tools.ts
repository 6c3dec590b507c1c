/** The tools POST /sites/bulk-tools runs (CaptainCore answers invalid_tool to any other): the tool's enum and the simulator's check. */
export const BULK_TOOLS = [
  "sync-data",
  "deploy-defaults",
  "activate",
  "deactivate",
  "apply-https",
  "launch",
  "scan-errors",
  "backup",
  "snapshot",
] as const;
