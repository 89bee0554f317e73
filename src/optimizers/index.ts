/**
 * Optimizers (`dspy-typescript/optimizers`): few-shot demo selection with the same choices as
 * Python DSPy 3.4.1 for the same seed. Run them directly, or as resumable jobs with
 * `compileJob` from `dspy-typescript/runtime`.
 *
 * @example
 * import { BootstrapFewShot } from "dspy-typescript/optimizers";
 * const compiled = await new BootstrapFewShot({ metric }).compile(student, { trainset });
 */
export {
  BetterTogether,
  type BetterTogetherCompileOptions,
  type BetterTogetherOptions,
  type BetterTogetherResult,
  type ChainCandidate,
  OptimizerChain,
} from "./better-together.js";
export type { ChainableOptimizer } from "./better-together-steps.js";
export {
  BootstrapFewShot,
  type BootstrapFewShotCompileOptions,
  type BootstrapFewShotOptions,
} from "./bootstrap-few-shot.js";
export { COPRO, type COPROCompileOptions, type COPROOptions, type COPROResult } from "./copro.js";
export type { CoproCandidate } from "./copro-program.js";
export { BASIC_GENERATE_INSTRUCTION, GENERATE_INSTRUCTION_GIVEN_ATTEMPTS } from "./copro-signatures.js";
export type { CoproStats } from "./copro-state.js";
export type { Embedder, EmbedOptions } from "./embedder.js";
export { GEPA, type GEPACompileOptions, type GEPAOptions } from "./gepa.js";
export {
  GEPA_AUTO_RUN_SETTINGS,
  type GepaAutoMode,
  gepaAutoBudget,
  resolveGepaBudget,
} from "./gepa-auto-budget.js";
export {
  buildGepaProgram,
  FailedPrediction,
  type GepaFeedbackMetric,
  type GepaMetricValue,
  type GepaTrajectory,
} from "./gepa-evaluate.js";
export {
  COMPRESS_INSTRUCTION,
  type GepaProposalFn,
  type GepaProposalRequest,
  InstructionProposer,
  type InstructionProposerOptions,
  PROPOSE_INSTRUCTION,
} from "./gepa-instruction-proposal.js";
export {
  findDominatorPrograms,
  removeDominatedPrograms,
  selectFromParetoFront,
} from "./gepa-pareto.js";
export { defaultFeedback, type ReflectiveDataset, type ReflectiveExample } from "./gepa-reflective-dataset.js";
export type { GEPADetailedResults, GEPAResult } from "./gepa-result.js";
export { type GepaSkill, loadGepaSkill, renderGepaSkill } from "./gepa-skills.js";
export type { GepaCandidate } from "./gepa-state.js";
export type { GepaCandidateSelection, GepaComponentSelection } from "./gepa-strategies.js";
export { KNN } from "./knn.js";
export { KNNFewShot, type KNNFewShotCompileOptions, type KNNFewShotOptions } from "./knn-few-shot.js";
export { LabeledFewShot, type LabeledFewShotCompileOptions, type LabeledFewShotOptions } from "./labeled-few-shot.js";
export { LMCallCounter } from "./lm-call-counter.js";
export { MIPROv2, type MIPROv2CompileOptions, type MIPROv2Options, type MIPROv2Result } from "./mipro.js";
export {
  createMinibatch,
  MIPRO_AUTO_RUN_SETTINGS,
  type MiproAutoMode,
  type MiproBudget,
  miproNumTrials,
  resolveMiproBudget,
} from "./mipro-auto.js";
export { createDatasetSummary } from "./mipro-dataset-summary.js";
export { createNFewshotDemoSets, type FewshotDemoSetsOptions } from "./mipro-demo-sets.js";
export { type GroundedProposerOptions, proposeInstructions } from "./mipro-proposer.js";
export type { MiproScoredProgram } from "./mipro-search.js";
export {
  DATASET_DESCRIPTOR,
  DATASET_DESCRIPTOR_WITH_PRIOR,
  DESCRIBE_MODULE,
  DESCRIBE_PROGRAM,
  generateInstructionSignature,
  MIPRO_TIPS,
  OBSERVATION_SUMMARIZER,
  stripPrefix,
} from "./mipro-signatures.js";
export type { OptimizerMetric, OptimizerMetricFn, Program } from "./program.js";
export {
  BootstrapFewShotWithRandomSearch,
  BootstrapRS,
  type CandidateProgram,
  type RandomSearchCompileOptions,
  type RandomSearchOptions,
  type RandomSearchResult,
} from "./random-search.js";
export {
  SIMBA,
  type SIMBACompileOptions,
  type SIMBAOptions,
  type SIMBAResult,
  type SimbaCandidate,
} from "./simba.js";
export { SIMBA_OFFER_FEEDBACK } from "./simba-signatures.js";
export { CategoricalParzenEstimator, defaultTpeWeights } from "./tpe-parzen-estimator.js";
export {
  type CategoricalSearchSpace,
  TPESampler,
  type TPESamplerOptions,
  type TPESamplerState,
} from "./tpe-sampler.js";
export { type AddedTrial, type StudyDirection, TPEStudy, TPETrial } from "./tpe-study.js";
export type { CategoricalChoice, FrozenTPETrial, TrialState } from "./tpe-types.js";
