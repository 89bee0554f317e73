/** An error reply from Redis (`-ERR ...`), kept as a value inside arrays (MULTI/EXEC results). */
export class RedisReplyError extends Error {
  override readonly name = "RedisReplyError";
}

/** A decoded RESP2 reply: bulk and simple strings as UTF-8 strings, integers as numbers. */
export type RespValue = string | number | null | RedisReplyError | RespValue[];

const CRLF = Buffer.from("\r\n");

/**
 * Encodes one command as a RESP2 array of bulk strings. Buffers go through as bytes (BullMQ
 * packs job options with msgpack), numbers as their decimal text.
 *
 * @example
 * encodeCommand(["SET", "key", 1]); // *3\r\n$3\r\nSET\r\n...
 */
export function encodeCommand(args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), "utf8");
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/**
 * Incremental RESP2 decoder: feed it socket chunks, take whole replies out. A reply split
 * across chunks waits for the rest; nothing is decoded twice once a reply completes.
 *
 * @example
 * const parser = new RespParser();
 * parser.push(chunk);
 * for (let reply = parser.next(); reply !== undefined; reply = parser.next()) handle(reply);
 */
export class RespParser {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;

  push(chunk: Buffer): void {
    this.#buffer =
      this.#offset < this.#buffer.length ? Buffer.concat([this.#buffer.subarray(this.#offset), chunk]) : chunk;
    this.#offset = 0;
  }

  /** The next complete reply, or undefined when more bytes are needed. */
  next(): RespValue | undefined {
    const parsed = this.#parse(this.#offset);
    if (parsed === undefined) return undefined;
    this.#offset = parsed.end;
    return parsed.value;
  }

  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#offset = 0;
  }

  #line(start: number): { text: string; end: number } | undefined {
    const at = this.#buffer.indexOf(CRLF, start);
    if (at < 0) return undefined;
    return { text: this.#buffer.toString("utf8", start + 1, at), end: at + 2 };
  }

  #parse(start: number): { value: RespValue; end: number } | undefined {
    if (start >= this.#buffer.length) return undefined;
    const type = this.#buffer[start];
    const line = this.#line(start);
    if (line === undefined) return undefined;
    switch (type) {
      case 0x2b: // +
        return { value: line.text, end: line.end };
      case 0x2d: // -
        return { value: new RedisReplyError(line.text), end: line.end };
      case 0x3a: // :
        return { value: Number(line.text), end: line.end };
      case 0x24: {
        // $
        const length = Number(line.text);
        if (length < 0) return { value: null, end: line.end };
        if (this.#buffer.length < line.end + length + 2) return undefined;
        return { value: this.#buffer.toString("utf8", line.end, line.end + length), end: line.end + length + 2 };
      }
      case 0x2a: {
        // *
        const count = Number(line.text);
        if (count < 0) return { value: null, end: line.end };
        const items: RespValue[] = [];
        let end = line.end;
        for (let index = 0; index < count; index++) {
          const item = this.#parse(end);
          if (item === undefined) return undefined;
          items.push(item.value);
          end = item.end;
        }
        return { value: items, end };
      }
      default:
        throw new RedisReplyError(`Unexpected RESP type byte 0x${(type ?? 0).toString(16)}.`);
    }
  }
}
