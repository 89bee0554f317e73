import { DSPyError } from "./dspy-error.js";

/** What an {@link AdapterParseError} is built from. */
export interface AdapterParseErrorOptions {
  /** `"ChatAdapter"`, `"JSONAdapter"` or `"XMLAdapter"`. */
  adapterName: string;
  /** Output field names the adapter expected, in signature order. */
  expectedFields: readonly string[];
  /** The raw LM text that failed to parse. */
  lmResponse: string;
  /** Extra detail placed before DSPy's standard text. */
  detail?: string | undefined;
  /** Fields that did parse, when some did. */
  parsedResult?: Record<string, unknown> | undefined;
}

/**
 * The LM's answer could not be parsed into the signature's output fields. Carries the raw LM
 * text (`lmResponse`) and builds exactly the message Python DSPy's `AdapterParseError` builds.
 *
 * @example
 * try { new ChatAdapter().parse(sig, "garbage"); } catch (e) { if (e instanceof AdapterParseError) log(e.lmResponse); }
 */
export class AdapterParseError extends DSPyError {
  readonly adapterName: string;
  readonly lmResponse: string;
  readonly parsedResult: Record<string, unknown> | undefined;

  constructor(options: AdapterParseErrorOptions) {
    let message = options.detail ? `${options.detail}\n\n` : "";
    message +=
      `Adapter ${options.adapterName} failed to parse the LM response. \n\n` +
      `LM Response: ${options.lmResponse} \n\n` +
      `Expected to find output fields in the LM response: [${options.expectedFields.join(", ")}] \n\n`;
    if (options.parsedResult !== undefined) {
      message += `Actual output fields parsed from the LM response: [${Object.keys(options.parsedResult).join(", ")}] \n\n`;
    }
    super(message, { code: "adapter_parse_error", pythonType: "AdapterParseError" });
    this.adapterName = options.adapterName;
    this.lmResponse = options.lmResponse;
    this.parsedResult = options.parsedResult;
  }
}
