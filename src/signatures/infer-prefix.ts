import { pyCapitalize, pyIsUpper } from "../utils/py-string.js";

/**
 * DSPy's `infer_prefix`: turns a field name into words for its default prefix.
 *
 * @example
 * inferPrefix("next_thought"); // "Next Thought"
 * inferPrefix("HTMLParser");   // "HTML Parser"
 * inferPrefix("text2number");  // "Text 2 Number"
 */
export function inferPrefix(name: string): string {
  const spaced = name
    .replace(/(.)([A-Z][a-z]+)/gs, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-zA-Z])(\d)/g, "$1_$2")
    .replace(/(\d)([a-zA-Z])/g, "$1_$2");
  return spaced
    .split("_")
    .map((word) => (pyIsUpper(word) ? word : pyCapitalize(word)))
    .join(" ");
}
