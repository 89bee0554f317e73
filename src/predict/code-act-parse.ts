/**
 * ProgramOfThought's `_parse_code`, which CodeAct uses: the code of the first ```python fence
 * (text after `---` or a double blank line dropped first), with a trailing `name = ...` line
 * followed by `name` so the value is shown. Returns DSPy's error text for empty or one-line
 * multi-assignment code.
 *
 * @example
 * parseGeneratedCode("```python\nx = 6 * 7\n```"); // { code: "x = 6 * 7\nx" }
 */
export function parseGeneratedCode(generated: string): { code: string; error?: string } {
  const code = (generated.split("---")[0] ?? "").split("\n\n\n")[0] ?? "";
  const match = /```python[ \n]([\s\S]*?)[ \n]```?/.exec(code);
  let block = match ? (match[1] as string) : code;
  if (!block) return { code, error: "Error: Empty code after parsing." };
  if (!block.includes("\n") && block.split("=").length - 1 > 1)
    return { code, error: "Error: Code format is not correct." };
  const lines = block.split("\n");
  const last = /^([\p{L}\p{N}_]+)\s*=/u.exec((lines.at(-1) ?? "").trim());
  if (last) block += `\n${last[1]}`;
  return { code: block };
}
