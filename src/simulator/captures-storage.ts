/**
 * The simulator's capture storage: a second loopback HTTP server standing in for the CDN/bucket the real captures
 * live on. It answers only the image URLs the simulated API has issued (404 NoSuchKey otherwise), renders each page
 * on first request and keeps the bytes. Started on first use, stopped with the simulator.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { SimState } from "./state.js";
import { renderPageJpeg, type PageSpec } from "./captures-images.js";

export class CaptureStorage {
  /** Paths the API issued, with what they show. */
  readonly issued = new Map<string, PageSpec>();
  /** Every request that reached the storage host, for tests. */
  readonly requests: { path: string; status: number }[] = [];
  private readonly rendered = new Map<string, Promise<Buffer>>();
  private server?: Server;
  private starting?: Promise<void>;
  private port = 0;
  private readonly sockets = new Set<Socket>();

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server once; resolves when it listens. */
  ready(): Promise<this> {
    this.starting ??= new Promise<void>((resolve) => {
      this.server = createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://storage").pathname;
        const spec = req.method === "GET" ? this.issued.get(path) : undefined;
        this.requests.push({ path, status: spec ? 200 : 404 });
        if (!spec) {
          res.writeHead(404, { "content-type": "application/xml" });
          res.end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
          return;
        }
        this.bytesOf(spec).then(
          (bytes) => {
            res.writeHead(200, { "content-type": "image/jpeg", "content-length": bytes.length, "cache-control": "public, max-age=31536000" });
            res.end(bytes);
          },
          () => {
            res.writeHead(500);
            res.end();
          },
        );
      });
      this.server.on("connection", (socket) => {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
      });
      this.server.listen(0, "127.0.0.1", () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      });
    });
    return this.starting.then(() => this);
  }

  /** Records an image URL path (e.g. /acmeshop_1/production/captures/2026-11-28-0900_home.jpg); returns the URL. */
  issue(path: string, spec: PageSpec): string {
    this.issued.set(path, spec);
    return `${this.origin}${path}`;
  }

  private bytesOf(spec: PageSpec): Promise<Buffer> {
    const key = JSON.stringify([spec.site, spec.environment.toLowerCase(), spec.page, spec.look]);
    let bytes = this.rendered.get(key);
    if (!bytes) {
      bytes = renderPageJpeg(spec);
      this.rendered.set(key, bytes);
    }
    return bytes;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function captureStorage(state: SimState): CaptureStorage {
  return state.ext("capture_storage", () => new CaptureStorage());
}
