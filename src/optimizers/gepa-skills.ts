import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { DSPyError } from "../errors/dspy-error.js";
import { pyRepr } from "../utils/python-repr.js";

/** Reference material for GEPA's reflection LM (DSPy 3.4.1's `_Skill`). */
export interface GepaSkill {
  name: string;
  content: string;
  description?: string | undefined;
}

const SKILL_FILE = "SKILL.md";
const FILE_SUFFIXES = [".md", ".markdown", ".txt"];
// `./`, `../`, `~/`, `/`, `\`, or a Windows drive letter, with either separator.
const PATH_PREFIX = /^(?:\.{1,2}[\\/]|~[\\/]|[\\/]|[A-Za-z]:[\\/])/;

const expandUser = (path: string) => (path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path);

async function kind(path: string): Promise<"file" | "directory" | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? "directory" : "file";
  } catch {
    return undefined;
  }
}

function missing(message: string): DSPyError {
  return new DSPyError(message, { code: "file_not_found", pythonType: "FileNotFoundError" });
}

/**
 * DSPy's `_SkillLoader.load`: a source naming an existing file or directory (with `SKILL.md`) is
 * read; one that only looks like a path raises; anything else is inline text. A leading
 * frontmatter block supplies `name` and `description` (simple `key: value` lines — the YAML
 * subset skill files use).
 *
 * @example
 * await loadGepaSkill("./skills/prompt-engineering"); // { name: "prompt-engineering", content: "..." }
 */
export async function loadGepaSkill(source: string): Promise<GepaSkill> {
  if (!source.trim()) throw new DSPyError("Empty skill content.", { code: "value_error" });
  const path = expandUser(source);
  const found = await kind(path);
  if (found === "directory") {
    const file = join(path, SKILL_FILE);
    if ((await kind(file)) !== "file") throw missing(`Skill directory ${path} has no ${SKILL_FILE}.`);
    return fromText(await readFile(file, "utf8"), basename(path));
  }
  if (found === "file") return fromText(await readFile(path, "utf8"), basename(path, extname(path)));
  if (await looksLikePath(source)) {
    throw missing(
      `Skill ${pyRepr(source)} looks like a path, but no such file or directory exists. Pass the path to an existing skill file or directory. Inline skill content that resembles a path must span more than one line.`,
    );
  }
  return fromText(source, undefined);
}

async function looksLikePath(source: string): Promise<boolean> {
  if (source.includes("\n") || source.includes("\r")) return false;
  const text = source.trim();
  const separator = text.includes("/") || text.includes("\\");
  if (!/\s/.test(text)) {
    return (
      separator ||
      text.startsWith(".") ||
      text.startsWith("~") ||
      FILE_SUFFIXES.some((suffix) => text.toLowerCase().endsWith(suffix))
    );
  }
  if (PATH_PREFIX.test(text)) return true;
  return separator && (await kind(dirname(expandUser(text)))) !== undefined;
}

function fromText(raw: string, fallbackName: string | undefined): GepaSkill {
  const text = raw.trim();
  if (!text) throw new DSPyError("Empty skill content.", { code: "value_error" });
  const { meta, body } = frontmatter(text);
  const content = body.trim();
  if (!content) throw new DSPyError("Empty skill content after removing frontmatter.", { code: "value_error" });
  let name = fallbackName;
  if (name === undefined) {
    // The first line doubles as a display name for inline skills.
    const first = (content.split(/\r?\n/)[0] ?? "").replace(/^[# ]+/, "").trim();
    name = ([...first].length > 60 ? `${[...first].slice(0, 60).join("")}…` : first) || "inline-skill";
  }
  return { name: meta.name || name, content, description: meta.description };
}

function frontmatter(text: string): { meta: { name?: string; description?: string }; body: string } {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return { meta: {}, body: text };
  const end = lines.findIndex((line, index) => index > 0 && line.trimEnd() === "---");
  if (end < 0) throw new DSPyError("Skill frontmatter is missing its closing '---'.", { code: "value_error" });
  const meta: { name?: string; description?: string } = {};
  for (const line of lines.slice(1, end)) {
    const match = /^(name|description):\s*(.*)$/.exec(line);
    if (!match) continue;
    const value = (match[2] as string).trim().replace(/^(['"])(.*)\1$/, "$2");
    meta[match[1] as "name" | "description"] = value;
  }
  return { meta, body: lines.slice(end + 1).join("\n") };
}

/**
 * DSPy's `_render_skill`: one `<skill name='…' description='…'>` block.
 *
 * @example
 * renderGepaSkill({ name: "style", content: "Be brief." }); // "<skill name='style'>\nBe brief.\n</skill>"
 */
export function renderGepaSkill(skill: GepaSkill): string {
  let attributes = `name=${pyRepr(skill.name)}`;
  if (skill.description) attributes += ` description=${pyRepr(skill.description)}`;
  return `<skill ${attributes}>\n${skill.content.trim()}\n</skill>`;
}
