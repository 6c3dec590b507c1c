/**
 * The node:http server's lifecycle: created with deliberate timeouts (headers, whole request, keep-alive, idle) and a
 * connection cap, bound with a clear message for each failure, closed gracefully (requests in flight get a grace).
 */
import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, type HttpSettings } from "../config.js";

export type Timeouts = Pick<HttpSettings, "headersTimeoutMs" | "requestTimeoutMs" | "keepAliveTimeoutMs" | "idleTimeoutMs" | "maxConnections">;

export function createGuardedServer(limits: Timeouts, listener: RequestListener): HttpServer {
  const server = createHttpServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the headers and request timeouts on this interval: often enough for the shortest of them.
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4))),
    },
    listener,
  );
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

/** Listens; the ConfigError says what to change when the address cannot be used. */
export function listen(server: HttpServer, host: string, port: number): Promise<AddressInfo> {
  return new Promise<AddressInfo>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (err.code === "EADDRINUSE") reject(new ConfigError(`port ${port} on ${host} is already in use; pick another with --port.`));
      else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" || err.code === "EAI_AGAIN")
        reject(new ConfigError(`cannot listen on ${host}: no such local address.`));
      else if (err.code === "EACCES") reject(new ConfigError(`not allowed to listen on ${host}:${port} (ports below 1024 need privileges).`));
      else reject(err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host.replace(/^\[(.*)\]$/, "$1"));
  });
}

/** Counts requests in flight so that a close can wait for them. */
export class InFlight {
  private count = 0;
  private readonly waiters: (() => void)[] = [];

  start(): () => void {
    this.count++;
    return () => {
      this.count--;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    };
  }

  /** Resolves when nothing is in flight, or after graceMs. */
  drained(graceMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return Promise.race([
      new Promise<void>((r) => this.waiters.push(r)),
      new Promise<void>((r) => setTimeout(r, graceMs).unref()),
    ]);
  }
}

/** Stops accepting, runs `beforeDrain` (ending sessions), waits for requests in flight, then closes the rest. */
export async function shutDown(server: HttpServer, inFlight: InFlight, graceMs: number, beforeDrain: () => Promise<void>): Promise<void> {
  const stopped = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  await beforeDrain();
  await inFlight.drained(graceMs);
  server.closeAllConnections();
  await stopped;
}
