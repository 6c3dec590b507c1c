/**
 * MCP sessions of the HTTP transport (session mode): one server per Mcp-Session-Id, bound to the token that opened it
 * (another token gets 404, as if it did not exist), capped in all and per token, ended when idle.
 */
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { CaptainCoreServer } from "../server.js";

const SESSION_IDLE_MS = 30 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export interface Session {
  id: string;
  /** Hash of the token that opened it ("" without tokens). */
  owner: string;
  transport: StreamableHTTPServerTransport;
  server: CaptainCoreServer;
  lastSeen: number;
  /** Requests (including GET streams) currently open on this session. */
  open: number;
}

export type SessionRefusal = { status: 429 | 503; message: string };

export class SessionStore {
  private readonly live = new Map<string, Session>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly limits: { maxSessions: number; maxSessionsPerClient: number; idleMs?: number }) {
    this.sweep = setInterval(() => this.endIdle(), SWEEP_EVERY_MS);
    this.sweep.unref();
  }

  get size(): number {
    return this.live.size;
  }

  /** The session, when it exists and belongs to `owner`; another owner's session is as good as absent. */
  get(id: string, owner: string): Session | undefined {
    const session = this.live.get(id);
    return session && session.owner === owner ? session : undefined;
  }

  /** Why a new session for `owner` cannot be opened now, or undefined when it can. */
  refusal(owner: string): SessionRefusal | undefined {
    if (this.live.size >= this.limits.maxSessions) return { status: 503, message: "Too many open sessions; try again later." };
    let mine = 0;
    for (const s of this.live.values()) if (s.owner === owner) mine++;
    if (mine >= this.limits.maxSessionsPerClient) {
      return {
        status: 429,
        message: `This client already has ${mine} open sessions (CAPTAINCORE_MCP_MAX_SESSIONS_PER_CLIENT); end some with DELETE /mcp or wait for them to expire.`,
      };
    }
    return undefined;
  }

  add(session: Session): void {
    this.live.set(session.id, session);
  }

  /** Marks a request open on the session until the response closes. */
  track(session: Session, onClose: (fn: () => void) => void): void {
    session.lastSeen = Date.now();
    session.open++;
    onClose(() => {
      session.open--;
      session.lastSeen = Date.now();
    });
  }

  async end(session: Session): Promise<void> {
    if (!this.live.delete(session.id)) return;
    await session.transport.close().catch(() => {});
    await session.server.server.close().catch(() => {});
    await session.server.close().catch(() => {});
  }

  async endAll(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([...this.live.values()].map((s) => this.end(s)));
  }

  private endIdle(): void {
    const now = Date.now();
    const idleMs = this.limits.idleMs ?? SESSION_IDLE_MS;
    for (const s of this.live.values()) if (s.open === 0 && now - s.lastSeen > idleMs) void this.end(s);
  }
}
