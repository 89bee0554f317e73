import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { context } from "../predict/settings.js";
import { InstructionProposer, type InstructionProposerOptions } from "./gepa-instruction-proposal.js";
import type { ReflectiveDataset } from "./gepa-reflective-dataset.js";

// Recorded from DSPy 3.4.1: scripts/oracle/make_gepa_proposer_fixtures.py.
interface Case {
  name: string;
  options: Record<string, unknown>;
  answers: string[];
  components: string[];
  requests: Message[][];
  result: Record<string, string> | null;
  error: string | null;
}
const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/gepa-proposer-golden.json", import.meta.url), "utf8"),
) as { dspy: string; candidate: Record<string, string>; dataset: ReflectiveDataset; cases: Case[] };

class ListLM implements BaseLM {
  readonly model = "oracle/reflection";
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];

  constructor(private readonly answers: string[]) {}

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.requests.push(messages);
    return [{ text: this.answers.shift() ?? "" }];
  }
}

const OPTION_NAMES: Record<string, keyof InstructionProposerOptions> = {
  additional_instructions: "additionalInstructions",
  base_instructions: "baseInstructions",
  max_chars: "maxChars",
  skills: "skills",
};
const ERROR_CODES: Record<string, string> = {
  ValidationError: "validation_error",
  ValueError: "value_error",
  FileNotFoundError: "file_not_found",
};

describe("InstructionProposer matches DSPy 3.4.1", () => {
  it.each(golden.cases)("$name: same prompts and result", async (scenario) => {
    const options = Object.fromEntries(
      Object.entries(scenario.options).map(([key, value]) => [OPTION_NAMES[key] as string, value]),
    );
    const lm = new ListLM([...scenario.answers]);
    const proposer = new InstructionProposer(options);
    const run = context({ lm }, () =>
      proposer.propose({
        candidate: golden.candidate,
        reflectiveDataset: golden.dataset,
        componentsToUpdate: scenario.components,
      }),
    );
    if (scenario.error) {
      // DSPy loads skills in the constructor; here they load on the first proposal, before any LM call.
      await expect(run).rejects.toMatchObject({ code: ERROR_CODES[scenario.error] });
    } else {
      expect(await run).toEqual(scenario.result);
    }
    expect(lm.requests).toEqual(scenario.requests);
  });

  it("rejects a max_chars that is not a positive integer", () => {
    expect(() => new InstructionProposer({ maxChars: 0 })).toThrow(/max_chars must be a positive int/);
    expect(() => new InstructionProposer({ maxChars: 2.5 })).toThrow(/max_chars/);
  });
});
