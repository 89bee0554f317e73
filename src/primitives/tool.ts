import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ToolError } from "../errors/tool-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { JsonObject } from "../signatures/json-schema.js";
import type { TypeNode } from "../signatures/type-node.js";
import { validateValue } from "../signatures/validate-value.js";
import { withCallbacks } from "../utils/callback.js";
import { jsonSchemaError } from "../utils/json-schema-validate.js";
import { isPlainObject, setOwn } from "../utils/plain-object.js";
import { pyRepr } from "../utils/python-repr.js";
import { resolveToolArgs, type ToolArgs, type ToolArgsSource } from "./tool-args.js";

/** What a tool function receives besides its arguments. */
export interface ToolCallContext {
  /** Aborted when the caller (e.g. a ReAct run) is cancelled. */
  signal?: AbortSignal;
}

/** The function a {@link Tool} wraps: validated arguments in, any value (or a promise of one) out. */
// biome-ignore lint/suspicious/noExplicitAny: tool arguments are whatever the schema declares
export type ToolFunction<Args = any, Result = unknown> = (args: Args, context: ToolCallContext) => Result;

/** Options of {@link Tool}. */
export interface ToolOptions<Args> {
  /** The name the LM calls the tool by (default: the function's name). */
  name?: string;
  /** What the tool does, shown to the LM (DSPy's `desc`, a Python function's docstring). */
  description?: string | null;
  /** The arguments (see {@link ToolArgsSource}); omitted means the tool takes none. */
  args?: StandardSchemaV1<unknown, Args> | ToolArgsSource;
  /**
   * Arguments already resolved (DSPy's explicit `args=` with `arg_types=`), as {@link fromMcpTool}
   * builds them; used instead of `args`.
   */
  resolvedArgs?: ToolArgs;
}

/** The OpenAI function-calling description of a tool, as DSPy's `format_as_litellm_function_call` gives. */
export interface LitellmFunctionCall {
  type: "function";
  function: {
    name: string;
    description: string | null;
    parameters: { type: "object"; properties: Record<string, JsonObject>; required: string[] };
  };
}

/**
 * DSPy's `Tool`: a function the LM may call, with a name, a description and argument schemas.
 * Calls check each argument against its JSON schema as DSPy does (python-jsonschema's rules and
 * messages: `"5"` is not an integer), coerce it to its declared type (pydantic's lax rules),
 * fill defaults, then run the function with one arguments object. A Standard Schema's own
 * validation (refinements, transforms) runs last.
 *
 * @example
 * const add = new Tool(({ a, b }) => a + b, {
 *   name: "add",
 *   description: "Add two integers.",
 *   args: z.object({ a: z.number().int(), b: z.number().int().default(2) }),
 * });
 * String(add); // "add, whose description is <desc>Add two integers.</desc>. It takes arguments {'a': {'type': 'integer'}, 'b': {'type': 'integer', 'default': 2}}."
 * await add.acall({ a: 1 }); // 3
 */
// biome-ignore lint/suspicious/noExplicitAny: see ToolFunction
export class Tool<Args = any, Result = unknown> {
  readonly func: ToolFunction<Args, Result>;
  readonly name: string;
  /** The description (`null` when there is none). */
  readonly desc: string | null;
  /** Argument name → JSON schema shown to the LM (DSPy's `Tool.args`). */
  readonly args: Record<string, JsonObject>;
  /** Argument name → the type each value is validated against (DSPy's `arg_types`). */
  readonly argTypes: Record<string, TypeNode>;
  /** Whether undeclared arguments are passed through instead of refused. */
  readonly hasKwargs: boolean;
  /** Arguments a call must supply. */
  readonly required: readonly string[];
  readonly #standard: StandardSchemaV1 | undefined;
  readonly #fillDefaults: boolean;
  /** Optional Standard Schema fields without a default: no Python twin, so not listed as required. */
  readonly #optional: ReadonlySet<string>;

  constructor(func: ToolFunction<Args, Result>, options: ToolOptions<Args> = {}) {
    const name = options.name ?? func.name;
    if (!name)
      throw new ToolError("A tool needs a name: pass `name` or wrap a named function.", { code: "tool_definition" });
    const resolved = options.resolvedArgs ?? resolveToolArgs(options.args);
    this.func = func;
    this.name = name;
    this.desc = options.description ?? null;
    this.args = resolved.schemas;
    this.argTypes = resolved.types;
    this.hasKwargs = resolved.hasKwargs;
    this.required = resolved.required;
    this.#standard =
      !options.resolvedArgs && options.args && "~standard" in options.args
        ? (options.args as StandardSchemaV1)
        : undefined;
    this.#fillDefaults = resolved.fillDefaults ?? true;
    this.#optional = new Set(
      this.#standard
        ? Object.keys(this.args).filter((key) => !this.required.includes(key) && !("default" in (this.args[key] ?? {})))
        : [],
    );
  }

  /**
   * DSPy's `str(tool)`, the line ReAct lists the tool with. Newlines in the description become
   * two spaces; the arguments are the Python repr of the schemas.
   *
   * @example
   * String(new Tool(() => "ok", { name: "ping", args: {} })); // "ping. It takes arguments {}."
   */
  toString(): string {
    const desc = this.desc ? `, whose description is <desc>${this.desc}</desc>.`.replaceAll("\n", "  ") : ".";
    return `${this.name}${desc} It takes arguments ${pyRepr(this.args)}.`;
  }

  /**
   * DSPy's `Tool.format()`: the same text as {@link toString}.
   *
   * @example
   * tool.format() === String(tool); // true
   */
  format(): string {
    return this.toString();
  }

  /**
   * The OpenAI function-calling entry for this tool (DSPy's `format_as_litellm_function_call`):
   * every argument without a `default` is listed as required, whatever the source schema said.
   *
   * @example
   * tool.formatAsLitellmFunctionCall().function.parameters.required; // ["a"]
   */
  formatAsLitellmFunctionCall(): LitellmFunctionCall {
    return {
      type: "function",
      function: {
        name: this.name,
        description: this.desc,
        parameters: {
          type: "object",
          properties: this.args,
          required: Object.keys(this.args).filter(
            (key) => !("default" in (this.args[key] ?? {})) && !this.#optional.has(key),
          ),
        },
      },
    };
  }

  /**
   * Calls the tool synchronously (DSPy's `tool(**kwargs)`). An async tool, or a Standard Schema
   * that validates asynchronously, is refused: use {@link acall}. Fires the `onTool*` callbacks.
   *
   * @example
   * add.call({ a: "1", b: 2 }); // 3 ("1" is coerced to an integer)
   */
  call(args: Record<string, unknown> = {}): Result {
    return withCallbacks("tool", this, { kwargs: args }, () => this.#call(args), "__call__");
  }

  #call(args: Record<string, unknown>): Result {
    if (isAsyncFunction(this.func)) throw this.#asyncInSync();
    const prepared = this.#finish(this.#check(args));
    if (isPromiseLike(prepared)) {
      prepared.then(undefined, () => {}); // the error below replaces it; never leave it unhandled
      throw this.#asyncInSync();
    }
    const result = this.func(prepared, {});
    if (isPromiseLike(result)) {
      result.then(undefined, () => {});
      throw this.#asyncInSync();
    }
    return result;
  }

  /**
   * Calls the tool and awaits its result (DSPy's `acall`); sync and async functions both work.
   * Fires the `onTool*` callbacks.
   *
   * @example
   * await add.acall({ a: 1 }, { signal: AbortSignal.timeout(5000) }); // 3
   */
  acall(args: Record<string, unknown> = {}, context: ToolCallContext = {}): Promise<Awaited<Result>> {
    return withCallbacks("tool", this, { kwargs: args }, () => this.#acall(args, context), "acall");
  }

  async #acall(args: Record<string, unknown>, context: ToolCallContext): Promise<Awaited<Result>> {
    context.signal?.throwIfAborted();
    const prepared = await this.#finish(this.#check(args));
    return await this.func(prepared, context.signal ? { signal: context.signal } : {});
  }

  /** DSPy's `_validate_and_parse_args`, plus defaults and the required-argument check. */
  #check(args: Record<string, unknown>): Record<string, unknown> {
    if (!isPlainObject(args)) {
      throw new ToolError(`${this.name}() arguments must be a mapping (an object).`, {
        code: "tool_invalid_arg",
        toolName: this.name,
      });
    }
    // First every argument against its JSON schema, as DSPy checks them with `jsonschema`
    // (strict: "5" is not an integer); like DSPy, only schemas that state a `type`. …
    for (const [key, value] of Object.entries(args)) {
      const schema = Object.hasOwn(this.args, key) ? this.args[key] : undefined;
      if (schema === undefined) {
        if (this.hasKwargs) continue;
        throw new ToolError(`Arg ${key} is not in the tool's args.`, { code: "tool_unknown_arg", toolName: this.name });
      }
      const message = schema.type !== undefined && schema.type !== "Any" ? jsonSchemaError(schema, value) : undefined;
      if (message !== undefined) {
        throw new ToolError(`Arg ${key} is invalid: ${message}`, { code: "tool_invalid_arg", toolName: this.name });
      }
    }
    // … then each value coerced to its type, as DSPy's pydantic wrapper model does.
    const parsed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args)) {
      const type = Object.hasOwn(this.argTypes, key) ? this.argTypes[key] : undefined;
      try {
        // setOwn: an argument named `__proto__` must stay data.
        setOwn(parsed, key, type === undefined ? value : validateValue(type, value));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new ToolError(`Arg ${key} is invalid: ${error.message}`, {
          code: "tool_invalid_arg",
          toolName: this.name,
          cause: error,
        });
      }
    }
    // The Python function would apply its own defaults; a TypeScript function gets them filled in.
    if (this.#fillDefaults) {
      for (const [key, schema] of Object.entries(this.args)) {
        if (!Object.hasOwn(parsed, key) && "default" in schema) setOwn(parsed, key, structuredClone(schema.default));
      }
    }
    const missing = this.required.filter((key) => !Object.hasOwn(parsed, key));
    if (missing.length > 0) throw this.#missing(missing);
    return parsed;
  }

  /** Runs the Standard Schema's own validation, when the arguments were declared with one. */
  #finish(parsed: Record<string, unknown>): Args | Promise<Args> {
    if (!this.#standard) return parsed as Args;
    const result = this.#standard["~standard"].validate(parsed);
    return isPromiseLike(result)
      ? Promise.resolve(result).then((outcome) => this.#outcome(outcome))
      : this.#outcome(result);
  }

  #outcome(result: StandardSchemaV1.Result<unknown>): Args {
    if (!result.issues) return result.value as Args;
    const issue = result.issues[0] as StandardSchemaV1.Issue;
    const first = issue.path?.[0];
    const key = typeof first === "object" ? first.key : first;
    const message =
      key === undefined ? `Invalid arguments: ${issue.message}` : `Arg ${String(key)} is invalid: ${issue.message}`;
    throw new ToolError(message, { code: "tool_invalid_arg", toolName: this.name });
  }

  // Python's own text for a call without required arguments: `f() missing 2 required positional arguments: 'a' and 'b'`.
  #missing(names: string[]): ToolError {
    const quoted = names.map((name) => `'${name}'`);
    const list =
      quoted.length === 1
        ? quoted[0]
        : quoted.length === 2
          ? `${quoted[0]} and ${quoted[1]}`
          : `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
    const noun = names.length === 1 ? "argument" : "arguments";
    return new ToolError(`${this.name}() missing ${names.length} required positional ${noun}: ${list}`, {
      code: "tool_missing_arg",
      toolName: this.name,
    });
  }

  #asyncInSync(): ToolError {
    return new ToolError("You are calling `call` on an async tool, please use `acall` instead.", {
      code: "tool_async_in_sync",
      toolName: this.name,
    });
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

function isAsyncFunction(func: unknown): boolean {
  return typeof func === "function" && func.constructor?.name === "AsyncFunction";
}
