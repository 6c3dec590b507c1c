/** Streamable HTTP transport (captaincore-mcp --http). */
import { ConfigError, type Config } from "../config.js";

export interface HttpOptions {
  port?: number;
  host?: string;
  env: Record<string, string | undefined>;
  onClose?: () => Promise<void>;
}

export async function serveHttp(_config: Config, _opts: HttpOptions): Promise<void> {
  throw new ConfigError("--http is not available yet.");
}
