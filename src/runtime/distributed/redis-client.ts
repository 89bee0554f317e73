import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import { parseRedisUrl, type RedisAddress, type RedisArgument, RespConnection } from "./resp-connection.js";
import { RedisReplyError, type RespValue } from "./resp-parser.js";

type Argument = RedisArgument | null | undefined | boolean | readonly Argument[];
type Transform = (reply: RespValue) => unknown;
const raw: Transform = (reply) => reply;

/** The Redis commands a pipeline or MULTI transaction can queue (what BullMQ queues). */
export class RedisBatch {
  readonly #client: RedisClient;
  readonly #atomic: boolean;
  readonly #commands: { args: RedisArgument[]; transform: Transform }[] = [];

  constructor(client: RedisClient, atomic: boolean) {
    this.#client = client;
    this.#atomic = atomic;
  }

  #add(args: Argument[], transform: Transform = raw): this {
    this.#commands.push({ args: flatten(args), transform });
    return this;
  }
  hgetall(key: string): this {
    return this.#add(["HGETALL", key], toObject);
  }
  hset(key: string, data: Record<string, string | number>): this {
    return this.#add(["HSET", key, ...Object.entries(data).flat()]);
  }
  hscan(key: string, cursor: string | number, options: { COUNT?: number } = {}): this {
    return this.#add(["HSCAN", key, cursor, ...(options.COUNT ? ["COUNT", options.COUNT] : [])]);
  }
  smembers(key: string): this {
    return this.#add(["SMEMBERS", key]);
  }
  sscan(key: string, cursor: string | number, options: { COUNT?: number } = {}): this {
    return this.#add(["SSCAN", key, cursor, ...(options.COUNT ? ["COUNT", options.COUNT] : [])]);
  }
  zrange(key: string, start: number, end: number): this {
    return this.#add(["ZRANGE", key, start, end]);
  }
  lrange(key: string, start: number, end: number): this {
    return this.#add(["LRANGE", key, start, end]);
  }
  llen(key: string): this {
    return this.#add(["LLEN", key]);
  }
  del(...keys: Argument[]): this {
    return this.#add(["DEL", ...keys]);
  }
  runCommand(name: string, args: Argument[]): this {
    // EVAL, not EVALSHA: a NOSCRIPT inside MULTI could not be retried.
    const script = this.#client.script(name);
    return this.#add(["EVAL", script.lua, script.numberOfKeys, ...args]);
  }

  /** Runs the queued commands: `[error, result]` per command, as ioredis answers. */
  async exec(): Promise<[Error | null, unknown][] | null> {
    const commands = this.#commands.splice(0);
    const send = (args: RedisArgument[]) => this.#client.connection.send(args);
    if (!this.#atomic) {
      // Sent in one synchronous burst, so they go out back to back on the one connection.
      const settled = await Promise.allSettled(commands.map(({ args }) => send(args)));
      return settled.map((outcome, index) =>
        outcome.status === "fulfilled"
          ? [null, (commands[index] as (typeof commands)[number]).transform(outcome.value)]
          : [outcome.reason as Error, null],
      );
    }
    const queued = [send(["MULTI"]), ...commands.map(({ args }) => send(args))];
    const exec = send(["EXEC"]);
    await Promise.allSettled(queued);
    const replies = await exec;
    if (replies === null) return null;
    return (replies as RespValue[]).map((reply, index) =>
      reply instanceof RedisReplyError
        ? [reply, null]
        : [null, (commands[index] as (typeof commands)[number]).transform(reply)],
    );
  }
}

/**
 * A small Redis client implementing BullMQ's `IRedisClient` over one {@link RespConnection},
 * so BullMQ queues and workers run without a Redis driver package. Lua scripts run with
 * EVALSHA (EVAL after a NOSCRIPT); `duplicate()` opens another connection to the same server
 * (BullMQ's blocking reads get their own). An ioredis instance may be passed to BullMQ
 * instead wherever this client is accepted.
 *
 * @example
 * const client = new RedisClient("redis://127.0.0.1:6379");
 * const queue = new Queue("dspy", { connection: client });
 */
export class RedisClient extends EventEmitter {
  readonly isCluster = false;
  options: Record<string, unknown>;
  readonly connection: RespConnection;
  readonly #scripts = new Map<string, { numberOfKeys: number; lua: string; sha: string }>();

  constructor(address: string | RedisAddress, options: { connectionName?: string | undefined } = {}) {
    super();
    const resolved = typeof address === "string" ? parseRedisUrl(address) : address;
    this.options = { ...resolved, connectionName: options.connectionName };
    this.connection = new RespConnection(resolved, { name: options.connectionName });
    for (const event of ["ready", "error", "close", "end", "message"]) {
      this.connection.on(event, (...args: unknown[]) => {
        if (event !== "error" || this.listenerCount("error") > 0) this.emit(event, ...args);
      });
    }
  }

  get status(): string {
    return this.connection.status;
  }

  // BullMQ marks a client it closed as ended by assigning the status.
  set status(value: string) {
    if (value === "end") this.connection.disconnect();
  }

  connect(): Promise<void> {
    return this.connection.connect();
  }
  disconnect(): void {
    this.connection.disconnect();
  }
  async quit(): Promise<string> {
    await this.connection.quit();
    return "OK";
  }
  /** Another connection to the same server (BullMQ passes `{ connectionName }`). */
  duplicate(overrides: { connectionName?: string } = {}): RedisClient {
    const { connectionName, ...address } = this.options as unknown as RedisAddress & { connectionName?: string };
    return new RedisClient(address, { connectionName: overrides.connectionName ?? connectionName });
  }
  /** Sends any command. */
  call(...args: Argument[]): Promise<RespValue> {
    return this.connection.send(flatten(args));
  }

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash("sha1").update(definition.lua).digest("hex");
    this.#scripts.set(name, { numberOfKeys: definition.numberOfKeys, lua: definition.lua, sha });
  }
  /** A script registered with {@link defineCommand}. */
  script(name: string): { numberOfKeys: number; lua: string; sha: string } {
    const script = this.#scripts.get(name);
    if (!script) throw new Error(`Unknown Redis script '${name}'.`);
    return script;
  }
  async runCommand(name: string, args: Argument[]): Promise<RespValue> {
    const script = this.script(name);
    try {
      return await this.call("EVALSHA", script.sha, script.numberOfKeys, args);
    } catch (error) {
      if (!String((error as Error).message).startsWith("NOSCRIPT")) throw error;
      return this.call("EVAL", script.lua, script.numberOfKeys, args);
    }
  }
  multi(): RedisBatch {
    return new RedisBatch(this, true);
  }
  pipeline(): RedisBatch {
    return new RedisBatch(this, false);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return toObject(await this.call("HGETALL", key));
  }
  hget(key: string, field: string) {
    return this.call("HGET", key, field) as Promise<string | null>;
  }
  hmget(key: string, ...fields: Argument[]) {
    return this.call("HMGET", key, fields) as Promise<(string | null)[]>;
  }
  hset(key: string, data: Record<string, string | number>) {
    return this.call("HSET", key, Object.entries(data).flat()) as Promise<number>;
  }
  hdel(key: string, ...fields: Argument[]) {
    return this.call("HDEL", key, fields) as Promise<number>;
  }
  hexists(key: string, field: string) {
    return this.call("HEXISTS", key, field) as Promise<number>;
  }
  get(key: string) {
    return this.call("GET", key) as Promise<string | null>;
  }
  set(key: string, value: string | number, options: { PX?: number; EX?: number } = {}) {
    const expiry = options.PX !== undefined ? ["PX", options.PX] : options.EX !== undefined ? ["EX", options.EX] : [];
    return this.call("SET", key, value, expiry) as Promise<string | null>;
  }
  del(...keys: Argument[]) {
    return this.call("DEL", keys) as Promise<number>;
  }
  zrange(key: string, start: number, end: number, options: { WITHSCORES?: boolean } = {}) {
    return this.call("ZRANGE", key, start, end, options.WITHSCORES ? ["WITHSCORES"] : []) as Promise<string[]>;
  }
  zrevrange(key: string, start: number, end: number, options: { WITHSCORES?: boolean } = {}) {
    return this.call("ZREVRANGE", key, start, end, options.WITHSCORES ? ["WITHSCORES"] : []) as Promise<string[]>;
  }
  zcard(key: string) {
    return this.call("ZCARD", key) as Promise<number>;
  }
  zscore(key: string, member: string) {
    return this.call("ZSCORE", key, member) as Promise<string | null>;
  }
  lrange(key: string, start: number, end: number) {
    return this.call("LRANGE", key, start, end) as Promise<string[]>;
  }
  llen(key: string) {
    return this.call("LLEN", key) as Promise<number>;
  }
  ltrim(key: string, start: number, end: number) {
    return this.call("LTRIM", key, start, end) as Promise<string>;
  }
  lpos(key: string, value: string) {
    return this.call("LPOS", key, value) as Promise<number | null>;
  }
  smembers(key: string) {
    return this.call("SMEMBERS", key) as Promise<string[]>;
  }
  xadd(
    key: string,
    id: string,
    fields: Record<string, string | number>,
    options: { MAXLEN?: number; approximate?: boolean } = {},
  ) {
    const trim = options.MAXLEN !== undefined ? ["MAXLEN", options.approximate ? "~" : "=", options.MAXLEN] : [];
    return this.call("XADD", key, trim, id, Object.entries(fields).flat()) as Promise<string>;
  }
  xread(streams: { key: string; id: string }[], options: { BLOCK?: number; COUNT?: number } = {}) {
    const count = options.COUNT !== undefined ? ["COUNT", options.COUNT] : [];
    const block = options.BLOCK !== undefined ? ["BLOCK", options.BLOCK] : [];
    const keys = streams.map((stream) => stream.key);
    const ids = streams.map((stream) => stream.id);
    return this.call("XREAD", count, block, "STREAMS", keys, ids);
  }
  xtrim(key: string, strategy: "MAXLEN", threshold: number, options: { approximate?: boolean } = {}) {
    return this.call("XTRIM", key, strategy, options.approximate ? "~" : "=", threshold) as Promise<number>;
  }
  bzpopmin(key: string, timeout: number) {
    return this.call("BZPOPMIN", key, timeout) as Promise<[string, string, string] | null>;
  }
  info() {
    return this.call("INFO") as Promise<string>;
  }
  clientSetName(name: string) {
    return this.call("CLIENT", "SETNAME", name);
  }
  clientList() {
    return this.call("CLIENT", "LIST") as Promise<string>;
  }
  clientInfo() {
    return this.call("CLIENT", "INFO") as Promise<string>;
  }
  scan(cursor: string | number, options: { MATCH?: string; COUNT?: number } = {}) {
    const match = options.MATCH !== undefined ? ["MATCH", options.MATCH] : [];
    const count = options.COUNT !== undefined ? ["COUNT", options.COUNT] : [];
    return this.call("SCAN", cursor, match, count) as Promise<[string, string[]]>;
  }
  /** Pages of keys matching a pattern, as ioredis' `scanStream` emits them. */
  scanStream(options: { match: string; count?: number }): Readable {
    const client = this;
    return Readable.from(
      (async function* () {
        let cursor = "0";
        do {
          const [next, keys] = await client.scan(cursor, { MATCH: options.match, COUNT: options.count ?? 100 });
          cursor = next;
          if (keys.length > 0) yield keys;
        } while (cursor !== "0");
      })(),
    );
  }
}

function flatten(args: readonly Argument[]): RedisArgument[] {
  const out: RedisArgument[] = [];
  for (const arg of args) {
    if (Array.isArray(arg)) out.push(...flatten(arg));
    else if (arg === null || arg === undefined) out.push("");
    else if (typeof arg === "boolean") out.push(String(arg));
    else out.push(arg as RedisArgument);
  }
  return out;
}

function toObject(reply: RespValue): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let index = 0; index + 1 < reply.length; index += 2) out[String(reply[index])] = String(reply[index + 1]);
  return out;
}
