import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One ```ts block of a Markdown page. */
export interface Snippet {
  /** The page, relative to the repository root (e.g. "docs/lm.md"). */
  page: string;
  /** The 1-based line of the block's first code line in the page. */
  line: number;
  /** The code as written. */
  code: string;
  /** Declarations from a `<!-- snippet: … -->` comment, prepended when type-checking. */
  prelude: string;
  /** Why the block is not type-checked (`<!-- snippet: skip … -->` or ```ts nocheck), if it is not. */
  skip?: string;
}

const FENCE = /^```ts(?:\s+(\S.*))?$/;
const DIRECTIVE = /^<!--\s*snippet:\s*([\s\S]*?)\s*-->$/;

/**
 * The ```ts blocks of one Markdown text. A `<!-- snippet: … -->` comment on the lines just before a
 * block says how to check it:
 * - `skip <reason>` — not type-checked (keep rare);
 * - `continue` — the previous block of the page is prepended (a block that goes on from the last one);
 * - anything else — TypeScript declarations prepended to the block (names the prose has introduced).
 * Several directives may precede one block.
 *
 * @example
 * extractSnippets("docs/lm.md", readFileSync("docs/lm.md", "utf8"));
 */
export function extractSnippets(page: string, markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  let directives: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    const directive = DIRECTIVE.exec(text.trim());
    if (directive) {
      directives.push(directive[1] ?? "");
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (text.trim() !== "") directives = [];
      continue;
    }
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? "")) end++;
    const code = lines.slice(start, end).join("\n");
    const preludes: string[] = [];
    let skip: string | undefined = fence[1]?.startsWith("nocheck") ? fence[1] : undefined;
    for (const entry of directives) {
      if (entry.startsWith("skip")) skip = entry;
      else if (entry === "continue") {
        const previous = snippets.at(-1);
        if (previous) preludes.push(previous.prelude, previous.code);
      } else preludes.push(entry);
    }
    snippets.push({ page, line: start + 1, code, prelude: preludes.join("\n"), ...(skip ? { skip } : {}) });
    directives = [];
    index = end;
  }
  return snippets;
}

/**
 * Every ```ts block of README.md and docs/*.md under a repository root.
 *
 * @example
 * allSnippets(process.cwd()).length;
 */
export function allSnippets(root: string): Snippet[] {
  const pages = [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => `docs/${name}`),
  ];
  return pages.flatMap((page) => extractSnippets(page, readFileSync(join(root, page), "utf8")));
}
