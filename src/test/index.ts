/**
 * Test doubles for programs built with dspy-typescript (the `dspy-typescript/test` export).
 *
 * @example
 * import { DummyLM } from "dspy-typescript/test";
 */
export { type DummyCall, DummyLM, type DummyLMOptions } from "./dummy-lm.js";
export {
  type RecordedRequest,
  type ScriptedEmbeddings,
  type ScriptedFault,
  type ScriptedRule,
  ScriptedServer,
  type ScriptedServerOptions,
  type ScriptedStream,
} from "./scripted-server.js";
export { StreamingDummyLM, type StreamingDummyLMOptions } from "./streaming-dummy-lm.js";
