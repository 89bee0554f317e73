import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { CandidateSlots } from "./random-search-slots.js";

/** A task that runs until released, noting when it started. */
function gate(started: string[], name: string) {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    task: async () => {
      started.push(name);
      await opened;
      return name;
    },
    open: () => open(),
  };
}

describe("CandidateSlots", () => {
  it("gives a freed slot to the earliest candidate waiting, first come first served among equals", async () => {
    const slots = new CandidateSlots(1);
    const started: string[] = [];
    const first = gate(started, "first");
    const late = gate(started, "late");
    const early = gate(started, "early");
    const earlyToo = gate(started, "early-too");
    const runs = [
      slots.run(0, first.task),
      slots.run(5, late.task),
      slots.run(2, early.task),
      slots.run(2, earlyToo.task),
    ];
    await Promise.resolve();
    expect(started).toEqual(["first"]);
    for (const next of [first, early, earlyToo, late]) {
      next.open();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(await Promise.all(runs)).toEqual(["first", "late", "early", "early-too"]);
    expect(started).toEqual(["first", "early", "early-too", "late"]);
    expect(slots.startedAfter(0)).toBe(3);
    expect(slots.startedAfter(2)).toBe(1);
  });

  it("stops waiting when the signal aborts, and the slot goes to the next waiter", async () => {
    const slots = new CandidateSlots(1);
    const started: string[] = [];
    const holder = gate(started, "holder");
    const next = gate(started, "next");
    const held = slots.run(0, holder.task);
    const controller = new AbortController();
    const cancelled = slots.run(1, async () => "never", controller.signal);
    const waiting = slots.run(2, next.task);
    controller.abort("stop");
    await expect(cancelled).rejects.toBeInstanceOf(AbortError);
    holder.open();
    next.open();
    expect(await Promise.all([held, waiting])).toEqual(["holder", "next"]);
    expect(started).toEqual(["holder", "next"]);
    await expect(slots.run(0, async () => "late", controller.signal)).rejects.toBeInstanceOf(AbortError);
  });
});
