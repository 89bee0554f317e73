import { pyLstrip } from "./py-string.js";

/**
 * Python's `inspect.cleandoc`: expands tabs, drops the common indentation of lines 2+, strips the
 * first line's leading whitespace, and removes empty lines at both ends. DSPy normalises every
 * signature's instructions this way.
 *
 * @example
 * cleandoc("\n    Answer briefly.\n      Cite sources.\n"); // "Answer briefly.\n  Cite sources."
 */
export function cleandoc(doc: string): string {
  const lines = expandTabs(doc).split("\n");
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const content = pyLstrip(line).length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  const cleaned = lines.map((line, index) => {
    if (index === 0) return pyLstrip(line);
    return Number.isFinite(margin) ? line.slice(margin) : line;
  });
  // Python drops only lines that are exactly empty here, not whitespace-only ones.
  while (cleaned.length > 0 && cleaned[cleaned.length - 1] === "") cleaned.pop();
  while (cleaned.length > 0 && cleaned[0] === "") cleaned.shift();
  return cleaned.join("\n");
}

/** Python's `str.expandtabs(8)`, column-aware. */
export function expandTabs(text: string, size = 8): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let column = 0;
  for (const char of text) {
    if (char === "\t") {
      const pad = size - (column % size);
      out += " ".repeat(pad);
      column += pad;
    } else {
      out += char;
      column = char === "\n" || char === "\r" ? 0 : column + 1;
    }
  }
  return out;
}
