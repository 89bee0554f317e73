import { describe, expect, it } from "vitest";
import { AsyncChannel } from "./async-channel.js";

const settled = async (promise: Promise<unknown>) => {
  let state = "pending";
  promise.then(
    () => {
      state = "resolved";
    },
    () => {
      state = "rejected";
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return state;
};

describe("AsyncChannel", () => {
  it("holds a sender back once the buffer is full, until the consumer takes a value", async () => {
    const channel = new AsyncChannel<number>(2);
    expect(await settled(channel.send(1))).toBe("resolved");
    expect(await settled(channel.send(2))).toBe("resolved");
    const third = channel.send(3);
    expect(await settled(third)).toBe("pending");
    expect(await channel.next()).toEqual({ value: 1, done: false });
    expect(await settled(third)).toBe("resolved");
  });

  it("delivers values in order, then the producer's error", async () => {
    const channel = new AsyncChannel<string>();
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const value of channel) seen.push(value);
    })();
    await channel.send("a");
    await channel.send("b");
    channel.fail(new Error("boom"));
    await expect(consumer).rejects.toThrow("boom");
    expect(seen).toEqual(["a", "b"]);
  });

  it("ends after the buffered values when closed", async () => {
    const channel = new AsyncChannel<number>();
    await channel.send(1);
    channel.close();
    const seen: number[] = [];
    for await (const value of channel) seen.push(value);
    expect(seen).toEqual([1]);
    await expect(channel.send(2)).rejects.toThrow("closed");
  });

  it("rejects blocked and later sends once the consumer cancels", async () => {
    const channel = new AsyncChannel<number>(0);
    const blocked = channel.send(1);
    channel.cancel(new Error("consumer left"));
    await expect(blocked).rejects.toThrow("consumer left");
    await expect(channel.send(2)).rejects.toThrow("consumer left");
    expect(await channel.next()).toEqual({ value: undefined, done: true });
  });
});
