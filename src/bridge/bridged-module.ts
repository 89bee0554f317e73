import type { PyRef } from "./py-ref.js";
import type { BridgeCallOptions, Session } from "./session.js";

/**
 * A Python DSPy module (e.g. `dspy.Predict`) living in a bridge session. `call` runs it with
 * keyword inputs and returns the prediction's fields as a plain object (values that do not
 * serialize come back as refs).
 *
 * @example
 * const qa = await bridge.predict("question -> answer");
 * const { answer } = await qa.call({ question: "2+2?" });
 */
export class BridgedModule {
  readonly ref: PyRef;
  readonly #session: Session;

  constructor(session: Session, ref: PyRef) {
    this.#session = session;
    this.ref = ref;
  }

  /** Runs the module on `inputs`; resolves with `prediction.toDict()`. */
  async call(inputs: Record<string, unknown>, options: BridgeCallOptions = {}): Promise<Record<string, unknown>> {
    return (await this.#session.call("__bridge__", "call_to_dict", [this.ref, inputs], {}, options)) as Record<
      string,
      unknown
    >;
  }

  /** Releases the Python object now. */
  release(): Promise<void> {
    return this.#session.release(this.ref);
  }
}
