/**
 * Python's `textwrap.dedent`: removes the longest run of spaces and tabs common to every line
 * that has text, and empties lines made only of spaces and tabs. Lines are split on "\n" alone,
 * as the `re.MULTILINE` anchors of the original do; a tab and a space never count as common.
 *
 * @example
 * pyDedent("    a\n      b\n   \n    c"); // "a\n  b\n\nc"
 */
export function pyDedent(text: string): string {
  const lines = text.split("\n").map((line) => (/^[ \t]+$/.test(line) ? "" : line));
  let margin: string | undefined;
  for (const line of lines) {
    const indent = /^([ \t]*)[^ \t\n]/.exec(line)?.[1];
    if (indent === undefined) continue;
    if (margin === undefined || margin.startsWith(indent)) margin = indent;
    else if (!indent.startsWith(margin)) {
      let common = 0;
      while (margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  if (!margin) return lines.join("\n");
  const cut = margin;
  return lines.map((line) => (line.startsWith(cut) ? line.slice(cut.length) : line)).join("\n");
}
