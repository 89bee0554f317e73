import { describe, expect, it } from "vitest";
import { HistoryLog } from "./history-log.js";

describe("HistoryLog", () => {
  it("keeps exactly the newest maxSize entries, however many were recorded", () => {
    const log = new HistoryLog<{ index: number }>({ maxSize: 5 });
    for (let index = 0; index < 3000; index++) {
      log.record({ index });
      expect(log.length).toBe(Math.min(index + 1, 5));
    }
    expect(log.entries.map((entry) => entry.index)).toEqual([2995, 2996, 2997, 2998, 2999]);
    log.record({ index: 3000 });
    expect(log.entries.map((entry) => entry.index)).toEqual([2996, 2997, 2998, 2999, 3000]);
  });

  it("applies a tighter per-call limit, records nothing at 0, and clears", () => {
    const log = new HistoryLog<{ index: number }>();
    for (let index = 0; index < 10; index++) log.record({ index }, 3);
    expect(log.entries.map((entry) => entry.index)).toEqual([7, 8, 9]);
    log.record({ index: 10 }, 0);
    expect(log.length).toBe(3);
    log.clear();
    expect([log.length, log.entries.length]).toEqual([0, 0]);
  });
});
