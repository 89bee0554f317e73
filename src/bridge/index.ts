/**
 * The Python DSPy bridge (the `dspy-typescript/bridge` export): a pool of real DSPy 3.4.1
 * workers driven over gRPC, with sessions, typed refs, timeouts, abort and worker replacement.
 * Create the Python env first: `bash scripts/bridge/setup-venv.sh`.
 *
 * @example
 * import { Bridge } from "dspy-typescript/bridge";
 * const bridge = await Bridge.start({ size: 1 });
 */
export { Bridge, type BridgeLMConfig } from "./bridge.js";
export { BridgeError, type BridgeErrorCode, type BridgeErrorOptions, SessionLostError } from "./bridge-error.js";
export { BridgedModule } from "./bridged-module.js";
export { PyRef, type WireRef } from "./py-ref.js";
export { type BridgeCallOptions, Session } from "./session.js";
export { WorkerPool, type WorkerPoolOptions } from "./worker-pool.js";
