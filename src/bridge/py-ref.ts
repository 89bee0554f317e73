/** A ref as it crosses the wire: `{ "__ref__": id, "type": "dspy.Predict" }`. */
export interface WireRef {
  __ref__: string;
  type: string;
}

/**
 * A handle to a Python object that lives in one bridge session on one worker (a `dspy.Predict`,
 * an `LM`, a `Prediction`, ...). Pass it back as an argument, or to `method` / `attr`; it is
 * released with `session.release(ref)`, when the session ends, or when this handle is
 * garbage-collected.
 *
 * @example
 * const predict = await session.call("dspy", "Predict", ["question -> answer"]); // PyRef
 * (predict as PyRef).type; // "dspy.Predict"
 */
export class PyRef {
  /** The id of the object in its session on the worker. */
  readonly id: string;
  /** The Python class, e.g. `"dspy.Predict"`. */
  readonly type: string;
  /** The session that owns the object. */
  readonly session: string;

  constructor(id: string, type: string, session: string) {
    this.id = id;
    this.type = type;
    this.session = session;
  }

  /** The wire form, so `JSON.stringify` of arguments encodes refs as placeholders. */
  toJSON(): WireRef {
    return { __ref__: this.id, type: this.type };
  }
}

/**
 * Whether a parsed JSON value is a wire ref.
 *
 * @example
 * isWireRef({ __ref__: "r1", type: "dspy.Predict" }); // true
 */
export function isWireRef(value: unknown): value is WireRef {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.__ref__ === "string" && typeof record.type === "string" && Object.keys(record).length === 2;
}
