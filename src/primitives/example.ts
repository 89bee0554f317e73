/**
 * DSPy's `Example`: one row of data (a trainset or devset item) with named fields, some of
 * which are marked as inputs. Immutable: `withInputs`, `copy` and `without` return new examples.
 *
 * @example
 * const example = new Example({ question: "2+2?", answer: "4" }).withInputs("question");
 * example.inputs().toDict(); // { question: "2+2?" }
 * example.labels().get("answer"); // "4"
 */
export class Example<T extends Record<string, unknown> = Record<string, unknown>> {
  readonly #store: Record<string, unknown>;
  readonly #inputKeys: ReadonlySet<string> | undefined;

  constructor(fields: T | Example<T> = {} as T, inputKeys?: Iterable<string>) {
    if (fields instanceof Example) {
      this.#store = { ...fields.#store };
      this.#inputKeys = inputKeys ? new Set(inputKeys) : fields.#inputKeys;
    } else {
      this.#store = { ...fields };
      this.#inputKeys = inputKeys ? new Set(inputKeys) : undefined;
    }
  }

  /** A field's value (undefined when absent). */
  get<K extends keyof T & string>(key: K): T[K];
  get(key: string): unknown;
  get(key: string): unknown {
    return this.#store[key];
  }

  /** Whether the field is present. */
  has(key: string): boolean {
    return Object.hasOwn(this.#store, key);
  }

  /** Field names, leaving out DSPy's internal `dspy_*` keys unless asked. */
  keys(includeDspy = false): string[] {
    return Object.keys(this.#store).filter((key) => includeDspy || !key.startsWith("dspy_"));
  }

  /** The names marked as inputs, if any were. */
  get inputKeys(): ReadonlySet<string> | undefined {
    return this.#inputKeys;
  }

  /**
   * A copy with these fields marked as inputs.
   *
   * @example
   * new Example({ q: "hi", a: "hello" }).withInputs("q");
   */
  withInputs(...keys: string[]): Example<T> {
    return new Example(this, keys);
  }

  /** The input fields only; throws when no inputs were marked, as DSPy does. */
  inputs(): Example {
    if (this.#inputKeys === undefined) {
      throw new Error("Inputs have not been set for this example. Use `example.with_inputs()` to set them.");
    }
    const keys = this.#inputKeys;
    return new Example(Object.fromEntries(Object.entries(this.#store).filter(([key]) => keys.has(key))), keys);
  }

  /** Every field that is not an input. */
  labels(): Example {
    const keys = this.#inputKeys ?? new Set<string>();
    return new Example(Object.fromEntries(Object.entries(this.#store).filter(([key]) => !keys.has(key))));
  }

  /** A copy with fields replaced or added. */
  copy(overrides: Record<string, unknown> = {}): Example {
    return new Example({ ...this.#store, ...overrides }, this.#inputKeys);
  }

  /** A copy without the given fields. */
  without(...keys: string[]): Example {
    const store = { ...this.#store };
    for (const key of keys) delete store[key];
    return new Example(store, this.#inputKeys);
  }

  /** The fields as a plain object (including `dspy_*` keys, as DSPy's `toDict` does). */
  toDict(): T {
    return { ...this.#store } as T;
  }

  toJSON(): T {
    return this.toDict();
  }
}
