import { AbortError } from "../errors/abort-error.js";

/**
 * Stops an optimizer between steps once its run is cancelled, with the library's `AbortError`
 * (the job runtime and callers recognise it; a bare `DOMException` they would not).
 *
 * @example
 * throwIfCancelled(context.signal, "BootstrapFewShot");
 */
export function throwIfCancelled(signal: AbortSignal, optimizer: string): void {
  if (signal.aborted) throw new AbortError(`${optimizer} was cancelled.`, { reason: signal.reason });
}
