/**
 * dspy-typescript — DSPy ("programming, not prompting" language models) natively in TypeScript,
 * with prompts byte-identical to Python DSPy 3.4.1.
 *
 * @example
 * import { ChatAdapter, Signature } from "dspy-typescript";
 * const messages = new ChatAdapter().format(new Signature("question -> answer"), [], { question: "Why?" });
 */
export { Adapter, type UserContentOptions } from "./adapters/adapter.js";
export { ChatAdapter, type ChatAdapterOptions } from "./adapters/chat-adapter.js";
export { JSONAdapter } from "./adapters/json-adapter.js";
export type { Demo, Message } from "./adapters/message.js";
export { XMLAdapter } from "./adapters/xml-adapter.js";
export * from "./errors/index.js";
export { ToolError, type ToolErrorCode } from "./errors/tool-error.js";
export { type AnswerMatchOptions, answerExactMatch, answerPassageMatch } from "./evaluate/answer-match.js";
export { CompleteAndGrounded } from "./evaluate/complete-and-grounded.js";
export { dprNormalize, hasAnswer } from "./evaluate/dpr-tokenize.js";
export { Evaluate, type EvaluateOptions, type EvaluateRunOptions } from "./evaluate/evaluate.js";
export {
  currentEvaluationBackend,
  type EvaluationBackend,
  type EvaluationRequest,
  evaluatedModule,
  type RemoteEvaluation,
  type RemoteExampleResult,
  runsModule,
  withEvaluationBackend,
} from "./evaluate/evaluation-backend.js";
export {
  type EvaluationPartial,
  type EvaluationProgress,
  EvaluationResult,
  type EvaluationRow,
  type EvaluationTuple,
} from "./evaluate/evaluation-result.js";
export { EM, emScore } from "./evaluate/exact-match.js";
export { type EvaluationFailure, MaxErrorsError } from "./evaluate/max-errors-error.js";
export type { Metric, MetricLike, MetricValue } from "./evaluate/metric.js";
export type { EvaluationProgram } from "./evaluate/run-evaluation.js";
export { SemanticF1, type SemanticF1Options } from "./evaluate/semantic-f1.js";
export { F1, f1Score, HotPotF1, hotpotF1Score, precisionScore } from "./evaluate/token-f1.js";
export type { BaseLM, LMCallOptions, LMOutput } from "./lm/base-lm.js";
export { LMCache, type LMCacheOptions } from "./lm/cache.js";
export { type Embedder, type EmbedOptions, ModelEmbedder, type ModelEmbedderOptions } from "./lm/embedder.js";
export { type HistorySource, type InspectHistoryOptions, inspectHistory } from "./lm/inspect-global-history.js";
export { LM } from "./lm/lm.js";
export type { LMHistoryEntry, LMUsage } from "./lm/lm-history.js";
export type { LMOptions } from "./lm/lm-options.js";
export { type EmbeddingModelObject, resolveEmbeddingModel } from "./lm/resolve-embedding-model.js";
export { batch } from "./predict/batch.js";
export { BestOfN, type BestOfNOptions } from "./predict/best-of-n.js";
export { callModule } from "./predict/call-module.js";
export { ChainOfThought } from "./predict/chain-of-thought.js";
export { CodeAct, type CodeActCallOptions, type CodeActOptions } from "./predict/code-act.js";
export { Ensemble, EnsembledProgram } from "./predict/ensemble.js";
export { resolveInterpreterFactory, withInterpreter } from "./predict/interpreter-factory.js";
export { type MajorityOptions, majority } from "./predict/majority.js";
export { MultiChainComparison } from "./predict/multi-chain-comparison.js";
export { normalizeText } from "./predict/normalize-text.js";
export { Parallel, type ParallelOptions } from "./predict/parallel.js";
export { Predict, type PredictCallOptions } from "./predict/predict.js";
export {
  ProgramOfThought,
  type ProgramOfThoughtCallOptions,
  type ProgramOfThoughtOptions,
} from "./predict/program-of-thought.js";
export { ReAct, type ReActCallOptions, type ReActLogger, type ReActOptions, type Trajectory } from "./predict/react.js";
export { Refine, type RefineOptions } from "./predict/refine.js";
export { RLM, type RLMCallOptions, type RLMOptions } from "./predict/rlm.js";
export { type REPLEntry, REPLHistory } from "./predict/rlm-history.js";
export type { DescribedInterpreterFactory } from "./predict/rlm-validate.js";
export { REPLVariable } from "./predict/rlm-variable.js";
export { configure, context, type Settings, settings } from "./predict/settings.js";
export { StatusMessageProvider } from "./predict/status-message-provider.js";
export { StatusStreamingCallback } from "./predict/status-streaming-callback.js";
export { StreamListener, type StreamListenerOptions } from "./predict/stream-listener.js";
export { StatusMessage, StreamChunk, StreamResponse } from "./predict/stream-messages.js";
export type { StreamChunkEvent, StreamEvent, StreamSettings, StreamSink } from "./predict/stream-sink.js";
export { type StreamCallOptions, type StreamifyOptions, type StreamValue, streamify } from "./predict/streamify.js";
export {
  type CodeInterpreter,
  type CodeInterpreterFactory,
  type CodeInterpreterResult,
  type ExecuteOptions,
  FinalOutput,
  type InterpreterOutputField,
  type InterpreterTool,
  type InterpreterToolContext,
  type InterpreterToolDefinition,
  type InterpreterToolFunction,
  type InterpreterToolParameter,
  type SandboxValue,
} from "./primitives/code-interpreter.js";
export { type ContentBlock, CustomType } from "./primitives/custom-type.js";
export { Example } from "./primitives/example.js";
export { History } from "./primitives/history.js";
export { HistoryLog, type HistoryLogOptions } from "./primitives/history-log.js";
export { Image } from "./primitives/image.js";
export { JavaScriptInterpreter, type JavaScriptInterpreterOptions } from "./primitives/javascript-interpreter.js";
export {
  type ConnectMcpServerOptions,
  connectMcpServer,
  type McpConnection,
  type McpHttpTarget,
  type McpStdioTarget,
} from "./primitives/mcp-connection.js";
export {
  type FromMcpToolOptions,
  fromMcpTool,
  type McpToolClient,
  type McpToolDefinition,
  mcpToolArgs,
} from "./primitives/mcp-tool.js";
export type { ModuleOptions } from "./primitives/module.js";
export { Module } from "./primitives/module.js";
export { Prediction } from "./primitives/prediction.js";
export { PythonInterpreter, type PythonInterpreterOptions } from "./primitives/python-interpreter.js";
export {
  type LitellmFunctionCall,
  Tool,
  type ToolCallContext,
  type ToolFunction,
  type ToolOptions,
} from "./primitives/tool.js";
export type { ToolArgs, ToolArgsSource } from "./primitives/tool-args.js";
export { type Field, type FieldDeclaration, type FieldOptions, InputField, OutputField } from "./signatures/field.js";
export { typeFromSchema } from "./signatures/from-standard-schema.js";
export { inferPrefix } from "./signatures/infer-prefix.js";
export type { InferInputs, InferOutputs, InferSignature } from "./signatures/infer-types.js";
export { jsonSchema } from "./signatures/json-schema.js";
export { parseTypeExpression } from "./signatures/parse-type-expression.js";
export { Signature, type SignatureOptions, type SignatureState } from "./signatures/signature.js";
export { signature } from "./signatures/signature-factory.js";
export { typeName } from "./signatures/type-name.js";
export type { LiteralValue, ModelField, SpecialTypeName, TypeNode } from "./signatures/type-node.js";
export { input, output } from "./signatures/typed-field.js";
export { activeCallId, type BaseCallback, type CallbackKind, withCallbacks } from "./utils/callback.js";
export { trackUsage, type UsageRecord, UsageTracker } from "./utils/usage-tracker.js";
