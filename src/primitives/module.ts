/** The saved state of one predictor (DSPy's `Predict.dump_state()` layout). */
export type PredictorState = Record<string, unknown>;

/** What a module must offer to be found as a predictor and saved. */
export interface Parameter {
  dumpState(): PredictorState;
  loadState(state: PredictorState): void;
  reset(): void;
}

/**
 * DSPy's `Module`: a program made of predictors and other modules. Predictors are discovered by
 * walking the module's own properties (depth-first, in declaration order), and are named by
 * their path (`"generate.predict"`), exactly as DSPy's `named_predictors()` names them — which is
 * what keys the saved JSON.
 *
 * @example
 * class RAG extends Module {
 *   generate = new ChainOfThought("context, question -> answer");
 *   async forward(inputs) { return this.generate.call(inputs); }
 * }
 */
export abstract class Module {
  /**
   * Every predictor inside this module with its dotted name.
   *
   * @example
   * program.namedPredictors().map(([name]) => name); // ["generate.predict"]
   */
  namedPredictors(): [string, Parameter & Module][] {
    const found: [string, Parameter & Module][] = [];
    const seen = new Set<unknown>([this]);
    const visit = (value: unknown, path: string) => {
      if (value === null || typeof value !== "object" || seen.has(value)) return;
      seen.add(value);
      if (value instanceof Module && isParameter(value)) found.push([path, value]);
      if (value instanceof Module || Array.isArray(value) || value.constructor === Object) {
        for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
      }
    };
    for (const [key, child] of Object.entries(this)) visit(child, key);
    if (isParameter(this)) found.unshift(["self", this]);
    return found;
  }

  /** The predictors, without names. */
  predictors(): (Parameter & Module)[] {
    return this.namedPredictors().map(([, predictor]) => predictor);
  }

  /**
   * DSPy's `dump_state`: each predictor's state keyed by its name.
   *
   * @example
   * JSON.stringify(program.dumpState(), null, 2);
   */
  dumpState(): Record<string, unknown> {
    return Object.fromEntries(this.namedPredictors().map(([name, predictor]) => [name, predictor.dumpState()]));
  }

  /** Applies states saved by {@link dumpState} (ours or Python DSPy's). */
  loadState(state: Record<string, unknown>): this {
    for (const [name, predictor] of this.namedPredictors()) {
      const saved = state[name] as PredictorState | undefined;
      if (saved === undefined) throw new Error(`Saved state has no entry for predictor '${name}'.`);
      predictor.loadState(saved);
    }
    return this;
  }

  /** Resets every predictor's learned state (demos, traces). */
  reset(): void {
    for (const predictor of this.predictors()) predictor.reset();
  }
}

function isParameter(value: unknown): value is Parameter {
  return (
    typeof (value as Parameter).dumpState === "function" &&
    typeof (value as Parameter).loadState === "function" &&
    (value as { isPredictor?: boolean }).isPredictor === true
  );
}
