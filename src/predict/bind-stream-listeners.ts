import { DSPyError } from "../errors/dspy-error.js";
import type { Module } from "../primitives/module.js";
import type { Signature } from "../signatures/signature.js";
import type { StreamListener } from "./stream-listener.js";

/** A listener and the predictor (with its name in the program) it listens to. */
export interface BoundStreamListener {
  listener: StreamListener;
  predict: object;
  predictName: string | undefined;
}

/**
 * DSPy's `find_predictor_for_stream_listeners`: a listener without a predictor gets the one
 * predictor of `program` whose signature has its field as an output; two such predictors are an
 * error. A listener given a predictor keeps it (and gets its name when the program holds it).
 *
 * @example
 * bindStreamListeners(new ChainOfThought("q -> answer"), [new StreamListener({ signatureFieldName: "answer" })]);
 * // [{ listener, predict: <the inner Predict>, predictName: "predict" }]
 */
export function bindStreamListeners(program: Module, listeners: readonly StreamListener[]): BoundStreamListener[] {
  const named = program.namedPredictors();
  const found = new Map<string, [string, object] | null>();
  for (const listener of listeners) if (!listener.predict) found.set(listener.signatureFieldName, null);
  for (const [name, predictor] of named) {
    const signature = (predictor as { signature?: Signature }).signature;
    for (const field of signature?.outputFields ?? []) {
      if (!found.has(field.name)) continue;
      if (found.get(field.name)) {
        throw new DSPyError(
          `Signature field ${field.name} is not unique in the program, cannot automatically determine which predictor to use for streaming. Please specify the predictor to listen to.`,
          { code: "stream_listener_ambiguous" },
        );
      }
      found.set(field.name, [name, predictor]);
    }
  }
  return listeners.map((listener) => {
    if (listener.predict) {
      const name = listener.predictName ?? named.find(([, predictor]) => predictor === listener.predict)?.[0];
      return { listener, predict: listener.predict, predictName: name };
    }
    const match = found.get(listener.signatureFieldName);
    // DSPy means to raise this, but crashes on its way there (a TypeError unpacking None).
    if (!match) {
      throw new DSPyError(
        `Signature field ${listener.signatureFieldName} is not a field of any predictor in the program, cannot automatically determine which predictor to use for streaming. Please verify your field name or specify the predictor to listen to.`,
        { code: "stream_listener_unknown_field" },
      );
    }
    return { listener, predict: match[1], predictName: match[0] };
  });
}
