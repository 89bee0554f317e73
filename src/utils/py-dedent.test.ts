import { describe, expect, it } from "vitest";
import { pyDedent } from "./py-dedent.js";

// Expected values printed by CPython 3.11's textwrap.dedent.
describe("pyDedent", () => {
  it.each([
    ["    a\n      b\n   \n    c", "a\n  b\n\nc"],
    ["\ta\n    b", "\ta\n    b"],
    ["  x\n\t\ty\n  z", "  x\n\t\ty\n  z"],
    ["a\n  b", "a\n  b"],
    ["  \n  a\n\n  b\n", "\na\n\nb\n"],
    ["  a\r\n  b", "a\r\nb"],
  ])("%j -> %j", (text, expected) => {
    expect(pyDedent(text)).toBe(expected);
  });
});
