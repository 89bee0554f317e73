import type { BaseLM } from "../lm/base-lm.js";
import { Predict } from "../predict/predict.js";
import { context as settingsContext } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Signature } from "../signatures/signature.js";
import type { PythonRandom } from "../utils/python-random.js";
import { pyStr } from "../utils/python-repr.js";
import { createDatasetSummary } from "./mipro-dataset-summary.js";
import {
  DESCRIBE_MODULE,
  DESCRIBE_PROGRAM,
  generateInstructionSignature,
  MIPRO_TIPS,
  stripPrefix,
} from "./mipro-signatures.js";
import type { PredictorDemo } from "./predictor-demos.js";
import type { Program } from "./program.js";

/** The grounded proposer's switches, as MIPROv2 sets them from its `compile` flags. */
export interface GroundedProposerOptions {
  promptModel?: BaseLM | undefined;
  trainset: readonly Example[];
  rng: PythonRandom;
  viewDataBatchSize?: number;
  /** `data_aware_proposer`: summarize the trainset first (≤ 11 calls). */
  useDatasetSummary?: boolean;
  /** `program_aware_proposer`: describe the program and the module before each proposal. */
  programAware?: boolean;
  /** `fewshot_aware_proposer`: show up to 3 bootstrapped demos. */
  useTaskDemos?: boolean;
  /** `tip_aware_proposer`: draw a random tip per proposal. */
  useTip?: boolean;
  initTemperature?: number;
  /**
   * The program's "source code" for the program-aware prompts. DSPy uses the Python class source
   * (none for a bare Predict/ChainOfThought); TypeScript has no equivalent, so by default this is
   * DSPy's text for a bare Predict, else one `name = Class(inputs) -> outputs` line per predictor.
   */
  programCode?: string | undefined;
}

type SignatureHolder = { signature: Signature };

const signatureOf = (predictor: unknown): Signature => (predictor as SignatureHolder).signature;

/** DSPy's `module_code`: `Predict(question) -> answer`. */
function moduleCode(predictor: unknown): string {
  const signature = signatureOf(predictor);
  const inputs = signature.inputFields.map((field) => field.name).join(", ");
  const outputs = signature.outputFields.map((field) => field.name).join(", ");
  return `${(predictor as object).constructor.name}(${inputs}) -> ${outputs}`;
}

function defaultProgramCode(program: Program): string {
  // DSPy's get_dspy_source_code of a bare Predict: no class source and no sub-parameters.
  if (program.constructor.name === "Predict") return "\n\n";
  return program
    .namedPredictors()
    .map(([name, predictor]) => `${name} = ${moduleCode(predictor)}`)
    .join("\n");
}

const demoGet = (demo: PredictorDemo, key: string): unknown =>
  demo instanceof Example ? demo.get(key) : (demo as Record<string, unknown>)[key];
const demoHas = (demo: PredictorDemo, key: string): boolean =>
  demo instanceof Example ? demo.has(key) : key in (demo as Record<string, unknown>);

/**
 * DSPy's task-demo text: up to `max` *bootstrapped* demos from set j, then the later sets, then the
 * earlier ones, each as "{prefix} {value}" lines; "No task demos provided." when none, or for j = 0.
 */
function taskDemosText(sets: PredictorDemo[][], setIndex: number, signature: Signature, max: number): string {
  const ordered = [sets[setIndex] ?? [], ...sets.slice(setIndex + 1), ...sets.slice(0, setIndex)];
  const strings: string[] = [];
  for (const demo of ordered.flat()) {
    if (strings.length >= max) break;
    if (!demoHas(demo, "augmented")) continue;
    strings.push(signature.fields.map((field) => `${field.prefix} ${pyStr(demoGet(demo, field.name))}`).join("\n"));
  }
  const text = `${strings.join("\n\n")}\n\n`;
  return text.trim() === "" || setIndex === 0 ? "No task demos provided." : text;
}

/**
 * DSPy's `GroundedProposer.propose_instructions_for_program` as MIPROv2 runs it (no instruction
 * history): for each predictor and each demo set j < min(N, sets), draw a tip (`rng.choice`) and a
 * rollout id (`rng.randint(0, 1e9)`), then ask the prompt model for an instruction. Returns the
 * proposals per predictor; MIPROv2 then replaces entry 0 with the original instruction.
 *
 * @example
 * const proposals = await proposeInstructions(program, demoSets, 3, { trainset, rng, promptModel });
 */
export async function proposeInstructions(
  program: Program,
  demoCandidates: PredictorDemo[][][] | undefined,
  n: number,
  options: GroundedProposerOptions,
): Promise<string[][]> {
  const { rng, promptModel } = options;
  const programAware = options.programAware ?? true;
  const tipAware = options.useTip ?? true;
  const useTaskDemos = (options.useTaskDemos ?? true) && demoCandidates !== undefined && demoCandidates.length > 0;
  const programCode = programAware ? (options.programCode ?? defaultProgramCode(program)) : undefined;
  const dataSummary =
    (options.useDatasetSummary ?? true)
      ? await createDatasetSummary(options.trainset, options.viewDataBatchSize ?? 10, promptModel)
      : undefined;
  const numDemos = useTaskDemos ? Math.max((demoCandidates?.[0] ?? []).length, 1) : n;
  const predictors = program.predictors();
  const proposals: string[][] = [];
  for (const [predIndex, predictor] of predictors.entries()) {
    const signature = signatureOf(predictor);
    const list: string[] = [];
    for (let setIndex = 0; setIndex < Math.min(n, numDemos); setIndex++) {
      const tip = tipAware ? (rng.choice(MIPRO_TIPS) as readonly [string, string])[1] : "";
      const rolloutId = rng.randint(0, 10 ** 9);
      const lm = promptModel ?? undefined;
      const rolled =
        lm && typeof (lm as { copy?: unknown }).copy === "function"
          ? (lm as BaseLM & { copy(updates: Record<string, unknown>): BaseLM }).copy({
              rollout_id: rolloutId,
              temperature: options.initTemperature ?? 1.0,
            })
          : lm;
      const taskDemos = useTaskDemos
        ? taskDemosText(demoCandidates?.[predIndex] ?? [], setIndex, signature, 3)
        : "No task demos provided.";
      const ask = async () => {
        let programDescription = "Not available";
        let module = "Not provided";
        let moduleDescription = "Not provided";
        if (programAware) {
          try {
            const described = await new Predict(DESCRIBE_PROGRAM).call({
              program_code: programCode,
              program_example: taskDemos,
            });
            programDescription = stripPrefix(String(described.get("program_description")));
            module = moduleCode(predictor);
            const moduleDescribed = await new Predict(DESCRIBE_MODULE).call({
              program_code: programCode,
              program_description: programDescription,
              program_example: taskDemos,
              module,
            });
            moduleDescription = String(moduleDescribed.get("module_description"));
          } catch {
            // DSPy falls back to the placeholders above and keeps going.
          }
        }
        const generator = generateInstructionSignature({
          useDatasetSummary: dataSummary !== undefined,
          programAware,
          useInstructHistory: false,
          useTip: tip !== "",
        });
        const all: Record<string, unknown> = {
          dataset_description: dataSummary,
          program_code: programCode,
          program_description: programDescription,
          module,
          module_description: moduleDescription,
          task_demos: taskDemos,
          basic_instruction: signature.instructions,
          tip,
        };
        const inputs = Object.fromEntries(generator.inputFields.map((field) => [field.name, all[field.name]]));
        const result = await new Predict(generator).call(inputs);
        return stripPrefix(stripPrefix(String(result.get("proposed_instruction"))));
      };
      list.push(await (rolled ? settingsContext({ lm: rolled }, ask) : ask()));
    }
    proposals.push(list);
  }
  return proposals;
}
