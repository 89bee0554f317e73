import { describe, expect, it } from "vitest";
import { encodeCommand, RedisReplyError, RespParser } from "./resp-parser.js";

describe("RESP2 encoding and decoding", () => {
  it("encodes strings, numbers and buffers as bulk strings", () => {
    const bytes = encodeCommand(["SET", "ключ", 12, Buffer.from([0, 255])]);
    expect(bytes.toString("latin1")).toBe(
      `*4\r\n$3\r\nSET\r\n$8\r\n${Buffer.from("ключ").toString("latin1")}\r\n$2\r\n12\r\n$2\r\n\u0000\u00ff\r\n`,
    );
  });

  it("decodes every reply type, keeps error replies inside arrays as values", () => {
    const parser = new RespParser();
    parser.push(Buffer.from("+OK\r\n:42\r\n$-1\r\n*3\r\n$5\r\nhello\r\n-ERR inner\r\n*-1\r\n-NOSCRIPT x\r\n"));
    expect(parser.next()).toBe("OK");
    expect(parser.next()).toBe(42);
    expect(parser.next()).toBeNull();
    const array = parser.next() as unknown[];
    expect(array[0]).toBe("hello");
    expect(array[1]).toBeInstanceOf(RedisReplyError);
    expect((array[1] as Error).message).toBe("ERR inner");
    expect(array[2]).toBeNull();
    expect((parser.next() as Error).message).toBe("NOSCRIPT x");
    expect(parser.next()).toBeUndefined();
  });

  it("waits for replies split anywhere across chunks, including inside UTF-8 characters", () => {
    const whole = Buffer.from("*2\r\n$6\r\nnaïve\r\n$0\r\n\r\n:7\r\n");
    for (let cut = 1; cut < whole.length; cut++) {
      const parser = new RespParser();
      parser.push(whole.subarray(0, cut));
      const early = parser.next();
      parser.push(whole.subarray(cut));
      const first = early ?? parser.next();
      expect(first).toEqual(["naïve", ""]);
      expect(parser.next()).toBe(7);
    }
  });

  it("rejects a byte stream that is not RESP", () => {
    const parser = new RespParser();
    parser.push(Buffer.from("HTTP/1.1 400\r\n"));
    expect(() => parser.next()).toThrow(RedisReplyError);
  });
});
