/**
 * The Python DSPy bridge (the `dspy-typescript/bridge` export): pools of real DSPy 3.4.1
 * workers driven over gRPC, with sessions, typed refs (released on session end, `release()` or
 * garbage collection), timeouts, abort, backpressure, worker replacement, streaming, binary
 * payloads, host functions (TypeScript metrics, tools and LMs called from Python), telemetry and
 * state interop with native programs. Create the Python env first: `npx dspy-typescript bridge setup`.
 *
 * @example
 * import { Bridge } from "dspy-typescript/bridge";
 * const bridge = await Bridge.start({ size: 1 });
 */
export { Bridge, type BridgeLMConfig } from "./bridge.js";
export { BridgeError, type BridgeErrorCode, type BridgeErrorOptions, SessionLostError } from "./bridge-error.js";
export { type BridgeEvent, BridgeEvents } from "./bridge-events.js";
export { BridgePools, type BridgePoolsOptions } from "./bridge-pools.js";
export { BridgedModule } from "./bridged-module.js";
export type { DspyInits, DspyMethods } from "./generated/index.js";
export type { HostHandler, HostLMFunction, HostLMMessage, HostLMRequest, HostToolSpec } from "./host-functions.js";
export { fromPython, type ToPythonOptions, toPython } from "./program-interop.js";
export { PyRef, type WireRef } from "./py-ref.js";
export { type BridgeCallOptions, type HostFunctionOptions, Session } from "./session.js";
export { WorkerPool, type WorkerPoolOptions, type WorkerStats } from "./worker-pool.js";
