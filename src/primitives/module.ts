import type { BaseCallback } from "../utils/callback.js";
import { isPlainObject } from "../utils/plain-object.js";
import { HistoryLog } from "./history-log.js";
import { readProgramFile, writeProgramFile } from "./program-file.js";
import { predictorStates } from "./program-state.js";

/** The saved state of one predictor (DSPy's `Predict.dump_state()` layout). */
export type PredictorState = Record<string, unknown>;

/** Options every module accepts (DSPy's `Module.__init__(callbacks=None)`). */
export interface ModuleOptions {
  /** Callbacks for this module's calls only, run after the global ones. */
  callbacks?: readonly BaseCallback[];
}

// History and callbacks live under symbols: `Object.entries` — which module copies and the
// predictor search walk — skips them, so a copy starts with an empty history and no callbacks,
// as DSPy's `deepcopy` drops both (`Module.__getstate__`), and a long history is never scanned.
const HISTORY = Symbol("dspy.module.history");
const CALLBACKS = Symbol("dspy.module.callbacks");

/** What a module must offer to be found as a predictor and saved. */
export interface Parameter {
  dumpState(): PredictorState;
  loadState(state: PredictorState): void;
  reset(): void;
}

/**
 * DSPy's `Module`: a program made of predictors and other modules. Predictors are found and
 * named exactly as DSPy's `named_parameters()` does it, because those names key the saved JSON
 * (see {@link Module.namedPredictors}).
 *
 * @example
 * class RAG extends Module {
 *   generate = new ChainOfThought("context, question -> answer");
 *   async forward(inputs) { return this.generate.call(inputs); }
 * }
 * await new RAG().save("rag.json"); // {"generate.predict": {...}, "metadata": {...}}
 */
export abstract class Module {
  /**
   * DSPy's `_compiled`: set once an optimizer has compiled this module. A compiled module inside
   * another one is frozen — the parent neither lists nor saves its predictors.
   */
  compiled = false;

  declare private [HISTORY]?: HistoryLog;
  declare private [CALLBACKS]?: BaseCallback[];

  constructor(options: ModuleOptions = {}) {
    if (options.callbacks) this[CALLBACKS] = [...options.callbacks];
  }

  /**
   * DSPy's `module.history`: every LM call made while this module was running (its own
   * predictors' and its sub-modules' calls), recorded by the LM; bounded by the
   * `maxHistorySize` setting. Print it with `inspectHistory(n, { of: module })`.
   *
   * @example
   * await program.call({ question });
   * program.history.length; // LM calls made by that run
   */
  get history(): HistoryLog {
    this[HISTORY] ??= new HistoryLog();
    return this[HISTORY];
  }

  /**
   * DSPy's `module.callbacks`: callbacks for this module's calls only (module hooks, and for a
   * `Predict` its start/end), run after the global ones from the settings.
   *
   * @example
   * predict.callbacks = [new TimingCallback()];
   */
  get callbacks(): BaseCallback[] {
    this[CALLBACKS] ??= [];
    return this[CALLBACKS];
  }

  set callbacks(callbacks: BaseCallback[]) {
    this[CALLBACKS] = callbacks;
  }

  /**
   * Every predictor inside this module with DSPy's name for it, in DSPy's order:
   * `"self"` first when the module is itself a predictor, then the module's own properties in
   * declaration order — a predictor as `"name"`; a (non-compiled) sub-module's predictors as
   * `"name.sub"`; predictors or modules held directly in an array as `"name[0]"` and in a plain
   * object or `Map` as `"name['key']"` (containers nested in containers are not searched). A
   * predictor reachable twice keeps its first name.
   *
   * @example
   * new ChainOfThought("q -> a").namedPredictors().map(([name]) => name); // ["predict"]
   * program.namedPredictors().map(([name]) => name); // ["retrieve", "steps[0].predict", "tools['search']"]
   */
  namedPredictors(): [string, Parameter & Module][] {
    return collect(this, new Set());
  }

  /**
   * The predictors, without names.
   *
   * @example
   * program.predictors().forEach((predictor) => predictor.reset());
   */
  predictors(): (Parameter & Module)[] {
    return this.namedPredictors().map(([, predictor]) => predictor);
  }

  /**
   * DSPy's `dump_state`: each predictor's state keyed by its name.
   *
   * @example
   * Object.keys(new ChainOfThought("q -> a").dumpState()); // ["predict"]
   */
  dumpState(): Record<string, unknown> {
    return Object.fromEntries(this.namedPredictors().map(([name, predictor]) => [name, predictor.dumpState()]));
  }

  /**
   * Applies states saved by {@link dumpState} (ours or Python DSPy's). Every predictor's state is
   * checked before any is applied, so a bad state throws `ProgramStateError` and changes nothing.
   *
   * @example
   * program.loadState(JSON.parse(text));
   */
  loadState(state: Record<string, unknown>): this {
    for (const [predictor, saved] of predictorStates(this, state)) predictor.loadState(saved);
    return this;
  }

  /**
   * Resets every predictor's learned state (demos, traces).
   *
   * @example
   * program.reset(); // program.predictors().every((p) => p.demos.length === 0)
   */
  reset(): void {
    for (const predictor of this.predictors()) predictor.reset();
  }

  /**
   * DSPy's `program.save("x.json")` (`save_program=False`): writes the state in DSPy 3.4.1's
   * byte layout, so Python DSPy's `program.load(path)` reads it. No API key is ever written.
   *
   * @example
   * await program.save("optimized.json");
   */
  async save(path: string): Promise<void> {
    await writeProgramFile(this.dumpState(), path);
  }

  /**
   * DSPy's `program.load("x.json")`: reads a file saved by {@link save} or by Python DSPy and
   * applies it. Throws `ProgramStateError` (and changes nothing) when the file does not fit.
   *
   * @example
   * const program = await new RAG().load("optimized.json");
   */
  async load(path: string): Promise<this> {
    const state = await readProgramFile(path);
    for (const [predictor, saved] of predictorStates(this, state)) predictor.loadState(saved);
    return this;
  }
}

/**
 * DSPy's `BaseModule.named_parameters()`. `ancestors` only stops a module that holds one of its
 * own ancestors from recursing forever (DSPy itself overflows the stack there).
 */
function collect(module: Module, ancestors: Set<Module>): [string, Parameter & Module][] {
  const found: [string, Parameter & Module][] = [];
  const seen = new Set<unknown>();
  const within = new Set(ancestors).add(module);
  const add = (name: string, value: unknown) => {
    if (isParameter(value)) {
      if (!seen.has(value)) {
        seen.add(value);
        found.push([name, value]);
      }
    } else if (value instanceof Module && !value.compiled && !within.has(value)) {
      for (const [subName, predictor] of collect(value, within)) add(`${name}.${subName}`, predictor);
    }
  };
  if (isParameter(module)) add("self", module);
  for (const [name, value] of Object.entries(module)) {
    if (value instanceof Module) add(name, value);
    else if (Array.isArray(value)) for (const [index, item] of value.entries()) add(`${name}[${index}]`, item);
    else if (value instanceof Map) for (const [key, item] of value) add(`${name}['${String(key)}']`, item);
    else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) add(`${name}['${key}']`, item);
  }
  return found;
}

function isParameter(value: unknown): value is Parameter & Module {
  return (
    value instanceof Module &&
    typeof (value as Partial<Parameter>).dumpState === "function" &&
    typeof (value as Partial<Parameter>).loadState === "function" &&
    (value as { isPredictor?: boolean }).isPredictor === true
  );
}
