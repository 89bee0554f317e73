import { translateFieldType } from "../adapters/translate-field-type.js";
import type { Tool } from "../primitives/tool.js";
import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { STR, type TypeNode } from "../signatures/type-node.js";

// DSPy 3.4.1's RLM prompt text (dspy/predict/rlm.py), verbatim.
const ACTION_INSTRUCTIONS_TEMPLATE = `You are tasked with producing the following outputs given the inputs {inputs}:
{output_fields}

You have access to a Python REPL environment. Write Python code and it will be executed. You will see the output, then write more code based on what you learned. This is an iterative process.
{interpreter_rules}
Available:
- Variables: {inputs} (your input data)
- \`llm_query(prompt)\` - query a sub-LLM (~500K char capacity) for semantic analysis
- \`llm_query_batched(prompts)\` - query multiple prompts concurrently (much faster for multiple queries)
- \`print()\` - ALWAYS print to see results
- \`SUBMIT({final_output_names})\` - submit final output when done

IMPORTANT: This is ITERATIVE. Each code block you write will execute, you'll see the output, then you decide what to do next. Do NOT try to solve everything in one step.

1. EXPLORE FIRST - Look at your data before processing it. Print samples, check types/lengths, understand the structure.
2. ITERATE - Write small code snippets, observe outputs, then decide next steps. State persists between iterations.
3. VERIFY BEFORE SUBMITTING - If results seem wrong (zeros, empty, unexpected), reconsider your approach.
4. USE llm_query FOR SEMANTICS - String matching finds WHERE things are; llm_query understands WHAT things mean.
5. MINIMIZE RETYPING (INPUTS & OUTPUTS) - When values are long, precise, or error-prone (IDs, numbers, code, quotes), re-access them via variables and parse/compute in code instead of retyping. Use small, targeted prints to sanity-check, but avoid manual copying when variables can carry the exact value.
6. SUBMIT ONLY AFTER SEEING OUTPUTS - SUBMIT ends the current run immediately. If you need to inspect printed output, run it in one step, review the result, then call SUBMIT in a later step.

You have max {max_llm_calls} sub-LLM calls. When done, call SUBMIT() with your output.`;

/**
 * DSPy's guidance for the sandbox `dspy` facade (sub-agents built in the REPL). The action
 * signature carries it, as DSPy's does; this port has no facade, so each call swaps it out of the
 * prompt exactly as DSPy does for an interpreter that cannot host the facade.
 */
export const SUB_AGENT_INSTRUCTIONS = `
Sub-agents (dspy):
You may \`import dspy\` and build sub-agents in the REPL for subtasks that need structured inputs/outputs.
- \`dspy.Predict("question -> answer")(question=...)\` or \`dspy.ChainOfThought(...)\` - single-step sub-agents.
- \`dspy.ReActV2("question -> answer", tools=[...])(question=...)\` - a multi-step tool-using sub-agent.
  Only the provided tools listed above may be passed; functions you define in the REPL cannot cross to the host.
- \`dspy.RLM("context, query -> answer")(context=..., query=...)\` - a recursive sub-agent with its own
  REPL on the same interpreter backend as yours; it cannot be given another \`interpreter_factory\`.
  This is the heaviest option: reserve it for deep subtasks whose input is itself too large or
  structured to prompt directly, and prefer Predict/ChainOfThought/ReActV2 for everything else.
Prefer \`llm_query\` for simple one-shot prompts; use sub-agents for structured, tool-using, or
recursive subtasks.
`;

const EXTRACT_INSTRUCTIONS = `Based on the REPL trajectory, extract the final outputs now.

            Review your trajectory to see what information you gathered and what values you computed, then provide the final outputs.`;

/** The type RLM's `repl_history` inputs are declared with (DSPy's `REPLHistory` pydantic model). */
export const REPL_HISTORY_TYPE: TypeNode = { kind: "model", name: "REPLHistory", fields: [] };

/**
 * DSPy's `_format_interpreter_rules`: the runtime's instructions under `Execution environment:`,
 * then the sub-agent guidance.
 *
 * @example
 * interpreterRules("Pyodide.", ""); // "\nExecution environment:\nPyodide.\n"
 */
export function interpreterRules(executionInstructions: string, subAgentRules: string): string {
  const rules = executionInstructions ? `\nExecution environment:\n${executionInstructions}\n` : "";
  return rules + subAgentRules;
}

/** DSPy's `_format_tool_docs`: user tools as `name(arg: type)` lines with their descriptions. */
function toolDocs(tools: ReadonlyMap<string, Tool>): string {
  if (tools.size === 0) return "";
  const lines = ["\nAdditional tools available (use these instead of standard library equivalents):"];
  for (const tool of tools.values()) {
    const params = Object.entries(tool.args).map(([name, schema]) => `${name}: ${String(schema.type ?? "Any")}`);
    const desc = (tool.desc || "No description").replaceAll("\n", "  ");
    lines.push(`- \`${tool.name}(${params.join(", ")})\` - ${desc}`);
  }
  return lines.join("\n");
}

/**
 * DSPy's `RLM._build_signatures`: the action signature (instructions, `variables_info`,
 * `repl_history`, `iteration` → `reasoning`, `code`) and the extract signature used when the
 * iterations run out.
 *
 * @example
 * const { action, extract } = rlmSignatures(new Signature("context, query -> answer"), { ... });
 */
export function rlmSignatures(
  signature: Signature,
  options: { tools: ReadonlyMap<string, Tool>; maxLlmCalls: number; interpreterRules: string },
): { action: Signature; extract: Signature } {
  const inputs = signature.inputFields.map((field) => `\`${field.name}\``).join(", ");
  const finalOutputNames = signature.outputFields.map((field) => field.name).join(", ");
  const outputFields = signature.outputFields.map((field) => `- ${translateFieldType(field)}`).join("\n");
  const task = signature.instructions ? `${signature.instructions}\n\n` : "";
  // Function replacements: the values may hold `$` patterns that a string replacement would expand.
  const filled = ACTION_INSTRUCTIONS_TEMPLATE.replaceAll("{inputs}", () => inputs)
    .replace("{output_fields}", () => outputFields)
    .replace("{interpreter_rules}", () => options.interpreterRules)
    .replace("{final_output_names}", () => finalOutputNames)
    .replace("{max_llm_calls}", () => String(options.maxLlmCalls));
  const action = new Signature([], task + filled + toolDocs(options.tools))
    .append("variables_info", InputField({ desc: "Metadata about the variables available in the REPL" }), STR)
    .append("repl_history", InputField({ desc: "Previous REPL code executions and their outputs" }), REPL_HISTORY_TYPE)
    .append("iteration", InputField({ desc: "Current iteration number (1-indexed) out of max_iters" }), STR)
    .append(
      "reasoning",
      OutputField({ desc: "Think step-by-step: what do you know? What remains? Plan your next action." }),
      STR,
    )
    .append(
      "code",
      OutputField({ desc: "Python code to execute. Use markdown code block format: ```python\\n<code>\\n```" }),
      STR,
    );
  const objective = task ? `The trajectory was generated with the following objective: \n${task}\n` : "";
  const extract = new Signature([...signature.outputFields], objective + EXTRACT_INSTRUCTIONS)
    .prepend("repl_history", InputField({ desc: "Your REPL interactions so far" }), REPL_HISTORY_TYPE)
    .prepend("variables_info", InputField({ desc: "Metadata about the variables available in the REPL" }), STR);
  return { action, extract };
}

const PYTHON_FENCE_LANGS = new Set(["python", "py", "python3", "py3", ""]);

/**
 * DSPy's `_strip_code_fences`: the Python code inside a markdown fence (or the text as is). A
 * fence tagged with another language throws a `SyntaxError` with DSPy's message.
 *
 * @example
 * stripCodeFences("```python\nprint(1)\n```"); // "print(1)"
 */
export function stripCodeFences(text: string): string {
  let code = text.trim();
  if (!code.includes("```")) return code;
  const lines = code.split(/\r\n|\r|\n/);
  while (lines.length >= 2 && lines[0]?.trim() === "```" && lines.at(-1)?.trim() === "```") {
    lines.shift();
    lines.pop();
  }
  code = lines.join("\n").trim();
  if (!code.includes("```")) return code;
  const rest = code.slice(code.indexOf("```") + 3);
  const newline = rest.indexOf("\n");
  if (newline === -1) return code;
  const langLine = rest.slice(0, newline);
  const remainder = rest.slice(newline + 1);
  const lang = (langLine.trim() ? (langLine.trim().split(/\s+/)[0] ?? "") : "").toLowerCase();
  if (!PYTHON_FENCE_LANGS.has(lang)) {
    throw new SyntaxError(`Expected Python code but got \`\`\`${lang} fence. Write Python code, not ${lang}.`);
  }
  const end = remainder.indexOf("```");
  return end === -1 ? remainder.trim() : remainder.slice(0, end).trim();
}
