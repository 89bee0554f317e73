import { afterEach, describe, expect, it, vi } from "vitest";
import { activeCallId, type BaseCallback, withCallbacks } from "./callback.js";
import { currentSettings, runWithSettings } from "./settings-store.js";

type Event = [string, ...unknown[]];

function recorder(events: Event[], label = ""): BaseCallback {
  return {
    onToolStart: (callId, instance, inputs) => events.push([`${label}start`, callId, instance, inputs]),
    onToolEnd: (callId, outputs, exception) => events.push([`${label}end`, callId, outputs, exception]),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("withCallbacks", () => {
  it("runs global callbacks, then the instance's, with a uuid4-hex call id pairing start and end", () => {
    const events: Event[] = [];
    const instance = { callbacks: [recorder(events, "own ")] };
    const result = runWithSettings({ callbacks: [recorder(events, "global ")] }, () =>
      withCallbacks("tool", instance, { kwargs: { a: 1 } }, () => 42),
    );
    expect(result).toBe(42);
    expect(events.map(([name]) => name)).toEqual(["global start", "own start", "global end", "own end"]);
    const callId = events[0]?.[1];
    expect(callId).toMatch(/^[0-9a-f]{32}$/);
    expect(events.every((event) => event[1] === callId)).toBe(true);
    expect(events[0]).toEqual(["global start", callId, instance, { kwargs: { a: 1 } }]);
    expect(events[2]).toEqual(["global end", callId, 42, null]);
  });

  it("gives end hooks the exception and null outputs, and rethrows it (sync and async)", async () => {
    const events: Event[] = [];
    const failure = new Error("tool failed");
    const instance = { callbacks: [recorder(events)] };
    expect(() =>
      withCallbacks("tool", instance, {}, () => {
        throw failure;
      }),
    ).toThrow(failure);
    await expect(withCallbacks("tool", instance, {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(events.filter(([name]) => name === "end").map((event) => event.slice(2))).toEqual([
      [null, failure],
      [null, failure],
    ]);
  });

  it("fires the end hooks of an async call only once it settles, with its value", async () => {
    const events: Event[] = [];
    let release: (value: string) => void = () => {};
    const pending = withCallbacks(
      "tool",
      { callbacks: [recorder(events)] },
      {},
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    await Promise.resolve();
    expect(events.map(([name]) => name)).toEqual(["start"]);
    release("done");
    expect(await pending).toBe("done");
    expect(events[1]?.slice(2)).toEqual(["done", null]);
  });

  it("logs a throwing or rejecting hook as a warning and carries on, as DSPy does", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    class Broken implements BaseCallback {
      onToolStart(): void {
        throw new Error("start broke");
      }
      async onToolEnd(): Promise<void> {
        throw new Error("end broke");
      }
    }
    const events: Event[] = [];
    const value = withCallbacks("tool", { callbacks: [new Broken(), recorder(events)] }, {}, () => "ok", "acall");
    expect(value).toBe("ok");
    expect(events.map(([name]) => name)).toEqual(["start", "end"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      "Error when calling callback <Broken>: start broke",
      "Error when applying callback <Broken>'s end handler on function acall: end broke",
    ]);
  });

  it("calls the function directly, without a call id, when no callback is registered", () => {
    let seen: string | undefined = "unset";
    withCallbacks("tool", {}, {}, () => {
      seen = activeCallId();
    });
    expect(seen).toBeUndefined();
  });

  it("exposes the running call's id to the body and nested hooks, not to its own hooks", async () => {
    const seen: Record<string, string | undefined> = {};
    const callback: BaseCallback = {
      onModuleStart: (callId) => {
        seen.moduleStartActive = activeCallId();
        seen.module = callId;
      },
      onLmStart: () => {
        seen.lmStartActive = activeCallId();
      },
    };
    await runWithSettings({ ...currentSettings(), callbacks: [callback] }, () =>
      withCallbacks("module", {}, {}, async () => {
        await Promise.resolve();
        seen.body = activeCallId();
        await withCallbacks("lm", {}, {}, async () => {});
      }),
    );
    expect(seen.moduleStartActive).toBeUndefined();
    expect(seen.body).toBe(seen.module);
    expect(seen.lmStartActive).toBe(seen.module);
  });
});
