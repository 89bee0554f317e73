/**
 * The first balanced `{...}` in the text, as DSPy's recursive regex `\{(?:[^{}]|(?R))*\}` finds
 * it (braces inside strings count too, as they do for the regex).
 *
 * @example
 * firstBalancedObject('Sure! {"a": {"b": 1}} hope it helps'); // '{"a": {"b": 1}}'
 */
export function firstBalancedObject(text: string): string | undefined {
  for (let start = text.indexOf("{"); start !== -1; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    for (let index = start; index < text.length; index++) {
      if (text[index] === "{") depth++;
      else if (text[index] === "}" && --depth === 0) return text.slice(start, index + 1);
    }
  }
  return undefined;
}
