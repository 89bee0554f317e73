/**
 * Input and output tokens of one usage record, whichever naming it uses: DSPy's / OpenAI's
 * (`prompt_tokens`, `completion_tokens`), the AI SDK's (`inputTokens`, `outputTokens`) or
 * Anthropic's (`input_tokens`, `output_tokens`). Missing or non-numeric counts are 0.
 *
 * @example
 * tokenCounts({ prompt_tokens: 12, completion_tokens: 3 }); // { input: 12, output: 3 }
 */
export function tokenCounts(usage: Readonly<Record<string, unknown>>): { input: number; output: number } {
  return {
    input: count(usage.prompt_tokens ?? usage.inputTokens ?? usage.input_tokens),
    output: count(usage.completion_tokens ?? usage.outputTokens ?? usage.output_tokens),
  };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
