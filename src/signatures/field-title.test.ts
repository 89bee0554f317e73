import { describe, expect, it } from "vitest";
import { fieldTitle, pyTitle } from "./field-title.js";

// Expected values from Python 3.11's str.title() and pydantic's field-title rule.
describe("pyTitle / fieldTitle", () => {
  it.each([
    ["they're ok", "They'Re Ok"],
    ["x2y", "X2Y"],
    ["HTMLThing", "Htmlthing"],
    ["ǆa", "ǅa"],
    ["ΣΑΣ Σ", "Σας Σ"],
    ["ﬁne_ß", "Fine_Ss"],
    ["İx", "İx"],
  ])("pyTitle(%j)", (input, expected) => {
    expect(pyTitle(input)).toBe(expected);
  });

  it.each([
    ["user_id", "User Id"],
    ["__private__", "Private"],
    ["x_", "X"],
    ["ﬁne_ß", "Fine Ss"],
  ])("fieldTitle(%j)", (input, expected) => {
    expect(fieldTitle(input)).toBe(expected);
  });
});
