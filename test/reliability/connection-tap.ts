import { createConnection, createServer, type Server, type Socket } from "node:net";

/** One client connection as the tap saw it. */
export interface TappedConnection {
  /** The client sent request bytes that no response bytes have followed yet. */
  busy: boolean;
  /** `performance.now()` when the client's socket closed, if it has. */
  closedAt: number | undefined;
}

/**
 * A TCP pass-through in front of a local HTTP server that records, per client connection,
 * whether a request is waiting for its response and when the client hung up. It shows from the
 * server's side of the wire what a client abort does: a request in flight is abandoned by
 * closing its connection (HTTP/1.1 cannot cancel a request any other way).
 *
 * @example
 * const tap = await ConnectionTap.start(new URL(server.baseURL).port);
 * const lm = new LM("openai/x", { baseURL: tap.baseURL, apiKey: "k" });
 * tap.connections.filter((c) => c.busy);
 */
export class ConnectionTap {
  readonly connections: TappedConnection[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  /**
   * Listens on 127.0.0.1 (ephemeral port) and forwards every connection to `targetPort`.
   *
   * @example
   * const tap = await ConnectionTap.start(8080);
   */
  static async start(targetPort: number): Promise<ConnectionTap> {
    const server = createServer();
    const tap = new ConnectionTap(server);
    server.on("connection", (client) => {
      const record: TappedConnection = { busy: false, closedAt: undefined };
      tap.connections.push(record);
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
      tap.#sockets.add(client).add(upstream);
      client.on("data", (chunk) => {
        record.busy = true;
        upstream.write(chunk);
      });
      upstream.on("data", (chunk) => {
        record.busy = false;
        if (!client.destroyed) client.write(chunk);
      });
      client.on("close", () => {
        record.closedAt = performance.now();
        upstream.destroy();
      });
      upstream.on("close", () => client.destroy());
      // A reset on either side is the event being observed, not a failure of the tap.
      client.on("error", () => {});
      upstream.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return tap;
  }

  /** `http://127.0.0.1:<port>/v1`, the base URL to give a client. */
  get baseURL(): string {
    const address = this.#server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
