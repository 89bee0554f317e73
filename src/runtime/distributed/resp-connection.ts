import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";
import { encodeCommand, RedisReplyError, RespParser, type RespValue } from "./resp-parser.js";

/** Where and how to reach Redis. */
export interface RedisAddress {
  host: string;
  port: number;
  password?: string | undefined;
  username?: string | undefined;
  db?: number | undefined;
}

/** A command argument as sent on the wire. */
export type RedisArgument = string | number | Buffer;

const MAX_OFFLINE = 10_000;

/** The error of a command whose connection closed before it was answered. */
export const CONNECTION_CLOSED = "Connection is closed.";

/**
 * Parses `redis://[[user]:password@]host[:port][/db]`.
 *
 * @example
 * parseRedisUrl("redis://127.0.0.1:6390/0"); // { host: "127.0.0.1", port: 6390, db: 0 }
 */
export function parseRedisUrl(url: string): RedisAddress {
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:") throw new TypeError(`Only redis:// URLs are supported, got '${url}'.`);
  const db = parsed.pathname.replace(/^\//, "");
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 6379,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    db: db ? Number(db) : undefined,
  };
}

interface Pending {
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
}

/**
 * One Redis connection speaking RESP2: commands are pipelined and answered in order, commands
 * sent while (re)connecting wait in an offline queue, a dropped connection fails the commands
 * in flight and reconnects with backoff (re-applying AUTH, SELECT, CLIENT SETNAME and
 * subscriptions). Emits `ready`, `error`, `close`, `end` and, once subscribed, `message`.
 *
 * @example
 * const connection = new RespConnection({ host: "127.0.0.1", port: 6379 });
 * await connection.connect();
 * await connection.send(["PING"]); // "PONG"
 */
export class RespConnection extends EventEmitter {
  status: "wait" | "connecting" | "ready" | "reconnecting" | "end" = "wait";
  readonly #address: RedisAddress;
  readonly #name: string | undefined;
  readonly #parser = new RespParser();
  readonly #pending: Pending[] = [];
  readonly #offline: { args: RedisArgument[]; pending: Pending }[] = [];
  readonly #channels = new Set<string>();
  #socket: Socket | undefined;
  #attempts = 0;
  #closing = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(address: RedisAddress, options: { name?: string | undefined } = {}) {
    super();
    this.#address = address;
    this.#name = options.name;
  }

  get address(): RedisAddress {
    return this.#address;
  }

  /** Connects (once); resolves when the connection is ready. */
  connect(): Promise<void> {
    if (this.status === "ready") return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => {
      const onReady = () => {
        this.off("end", onEnd);
        resolve();
      };
      const onEnd = () => {
        this.off("ready", onReady);
        reject(new Error(CONNECTION_CLOSED));
      };
      this.once("ready", onReady);
      this.once("end", onEnd);
    });
    if (this.status === "wait" || this.status === "end") {
      this.#closing = false;
      this.#open();
    }
    return ready;
  }

  /** Sends a command; resolves with its reply, rejects with an error reply. */
  send(args: RedisArgument[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      const pending = { resolve, reject };
      if (this.status === "end" || this.#closing) return reject(new Error(CONNECTION_CLOSED));
      if (this.status !== "ready") {
        // Bounded, so a Redis that stays down costs errors, not memory.
        if (this.#offline.length >= MAX_OFFLINE) return reject(new Error(`${CONNECTION_CLOSED} (Redis unreachable)`));
        this.#offline.push({ args, pending });
        if (this.status === "wait") this.#open();
        return;
      }
      this.#write(args, pending);
    });
  }

  /** Subscribes to channels; `message` events follow. */
  async subscribe(...channels: string[]): Promise<void> {
    // One channel per command: SUBSCRIBE answers once per channel, and replies match commands in order.
    for (const channel of channels) {
      this.#channels.add(channel);
      await this.send(["SUBSCRIBE", channel]);
    }
  }

  /** Closes gracefully after the commands in flight are answered. */
  async quit(): Promise<void> {
    if (this.status === "end") return;
    if (this.status !== "ready") return this.disconnect();
    const done = this.send(["QUIT"]).catch(() => "OK");
    this.#closing = true;
    await done;
    this.disconnect();
  }

  /** Closes at once: commands in flight and queued fail with "Connection is closed.". */
  disconnect(): void {
    this.#closing = true;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    this.#failAll();
    if (this.status !== "end") {
      this.status = "end";
      this.emit("close");
      this.emit("end");
    }
  }

  #open(): void {
    this.status = this.#attempts > 0 ? "reconnecting" : "connecting";
    const socket = connect({ host: this.#address.host, port: this.#address.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    this.#socket = socket;
    this.#parser.reset();
    socket.on("data", (chunk) => this.#receive(chunk));
    socket.on("error", (error) => {
      if (this.listenerCount("error") > 0) this.emit("error", error);
    });
    socket.on("close", () => this.#dropped(socket));
    socket.once("connect", () => {
      this.#handshake().then(
        () => {
          this.#attempts = 0;
          this.status = "ready";
          for (const { args, pending } of this.#offline.splice(0)) this.#write(args, pending);
          this.emit("ready");
        },
        (error: Error) => {
          if (this.listenerCount("error") > 0) this.emit("error", error);
          socket.destroy();
        },
      );
    });
  }

  // Written straight to the socket, ahead of the offline queue.
  async #handshake(): Promise<void> {
    const { username, password, db } = this.#address;
    const direct = (args: RedisArgument[]) =>
      new Promise<RespValue>((resolve, reject) => this.#write(args, { resolve, reject }));
    if (password !== undefined) await direct(username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db !== undefined && db !== 0) await direct(["SELECT", db]);
    if (this.#name !== undefined) await direct(["CLIENT", "SETNAME", this.#name]);
    for (const channel of this.#channels) await direct(["SUBSCRIBE", channel]);
  }

  #write(args: RedisArgument[], pending: Pending): void {
    const socket = this.#socket;
    if (!socket || socket.destroyed) {
      pending.reject(new Error(CONNECTION_CLOSED));
      return;
    }
    this.#pending.push(pending);
    socket.write(encodeCommand(args));
  }

  #receive(chunk: Buffer): void {
    this.#parser.push(chunk);
    for (;;) {
      let reply: RespValue | undefined;
      try {
        reply = this.#parser.next();
      } catch (error) {
        this.emit("error", error);
        this.#socket?.destroy();
        return;
      }
      if (reply === undefined) return;
      if (this.#channels.size > 0 && Array.isArray(reply) && reply[0] === "message") {
        this.emit("message", reply[1], reply[2]);
        continue;
      }
      const pending = this.#pending.shift();
      if (!pending) continue;
      if (reply instanceof RedisReplyError) pending.reject(reply);
      else pending.resolve(reply);
    }
  }

  #dropped(socket: Socket): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    for (const pending of this.#pending.splice(0)) pending.reject(new Error(CONNECTION_CLOSED));
    if (this.#closing) {
      this.disconnect();
      return;
    }
    this.emit("close");
    // The same backoff ioredis uses by default: 50 ms more per attempt, at most 2 s.
    this.#attempts++;
    this.status = "reconnecting";
    this.#timer = setTimeout(() => this.#open(), Math.min(this.#attempts * 50, 2000));
  }

  #failAll(): void {
    const error = new Error(CONNECTION_CLOSED);
    for (const pending of this.#pending.splice(0)) pending.reject(error);
    for (const { pending } of this.#offline.splice(0)) pending.reject(error);
  }
}
