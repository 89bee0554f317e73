import { ChainOfThought } from "../predict/chain-of-thought.js";
import { Predict } from "../predict/predict.js";
import type { Module } from "../primitives/module.js";
import type { Signature } from "../signatures/signature.js";
import { typeName } from "../signatures/type-name.js";
import type { Bridge } from "./bridge.js";
import { BridgeError } from "./bridge-error.js";
import { BridgedModule } from "./bridged-module.js";
import { PyRef } from "./py-ref.js";

/** Options for {@link toPython}. */
export interface ToPythonOptions {
  /**
   * The Python program to load the state into, built with the same structure (same predictor
   * names). Needed for anything but a bare `Predict` or `ChainOfThought`, whose Python twin is
   * built from the signature.
   */
  into?: PyRef | BridgedModule;
}

/**
 * Moves a native program's state (instructions, field descriptions, demos) into Python DSPy
 * through DSPy's JSON save format: `python.load_state(program.dumpState())`. A bare `Predict`
 * or `ChainOfThought` gets its Python twin built from the signature; other programs load into
 * the Python program given as `into`.
 *
 * @example
 * const qa = new Predict("question -> answer");
 * qa.demos = [{ question: "1+1?", answer: "2" }];
 * const python = await toPython(qa, bridge);
 * await python.call({ question: "2+2?" });
 */
export async function toPython(program: Module, bridge: Bridge, options: ToPythonOptions = {}): Promise<BridgedModule> {
  const session = bridge.session;
  let target = options.into instanceof BridgedModule ? options.into.ref : options.into;
  if (!target) {
    const built = twin(program);
    const value = await session.call("dspy", built.className, [built.signature]);
    if (!(value instanceof PyRef)) throw transport(`dspy.${built.className} did not return an object`);
    target = value;
  }
  await session.method(target, "load_state", [program.dumpState()]);
  return new BridgedModule(session, target);
}

/**
 * Loads a Python program's state into a native program with the same structure, through
 * DSPy's JSON save format: `program.loadState(python.dump_state())`. Returns `program`.
 *
 * @example
 * const optimized = await bridge.call("dspy", "GEPA", [], {...}); // ... compiled in Python
 * const native = await fromPython(compiledRef, new ChainOfThought("question -> answer"), bridge);
 */
export async function fromPython<M extends Module>(
  python: PyRef | BridgedModule,
  program: M,
  bridge: Bridge,
): Promise<M> {
  const ref = python instanceof BridgedModule ? python.ref : python;
  const state = await bridge.session.method(ref, "dump_state");
  if (typeof state !== "object" || state === null || containsRef(state)) {
    throw transport(`${ref.type}.dump_state() did not return JSON (it holds Python objects)`);
  }
  program.loadState(state as Record<string, unknown>);
  return program;
}

function twin(program: Module): { className: string; signature: string } {
  if (program instanceof ChainOfThought) {
    return { className: "ChainOfThought", signature: pythonSignature(program.predict.signature.delete("reasoning")) };
  }
  if (program instanceof Predict) return { className: "Predict", signature: pythonSignature(program.signature) };
  throw new BridgeError(
    `toPython builds Python twins of Predict and ChainOfThought only; build the Python ${program.constructor.name} ` +
      "with the bridge and pass it as `into`",
    { code: "transport" },
  );
}

/**
 * A DSPy string signature for a native signature: `question, k: int -> answer: list[str]`.
 * Instructions and descriptions travel in the saved state, so only names and types go here.
 */
function pythonSignature(signature: Signature): string {
  const side = (role: "input" | "output") =>
    (role === "input" ? signature.inputFields : signature.outputFields)
      .map((field) => {
        const type = typeName(field.type).replace(/\bNoneType\b/g, "None");
        return field.typeUndefined || type === "str" ? field.name : `${field.name}: ${type}`;
      })
      .join(", ");
  return `${side("input")} -> ${side("output")}`;
}

function containsRef(value: unknown): boolean {
  if (value instanceof PyRef) return true;
  if (Array.isArray(value)) return value.some(containsRef);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsRef);
  return false;
}

function transport(message: string): BridgeError {
  return new BridgeError(message, { code: "transport" });
}
