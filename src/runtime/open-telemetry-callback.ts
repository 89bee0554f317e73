import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import { activeCallId, type BaseCallback, type RunEventNotice } from "../utils/callback.js";
import { genAiRequestAttributes, genAiUsageAttributes } from "./gen-ai-attributes.js";

/** Options for {@link OpenTelemetryCallback}. */
export interface OpenTelemetryCallbackOptions {
  /** Where spans go (default: `trace.getTracer("dspy-typescript")` of the registered provider). */
  tracer?: Tracer;
  /**
   * Record prompts and completions on LM spans (`gen_ai.input.messages`, `gen_ai.output.messages`)
   * and module inputs/outputs. Off by default: traces often leave the machine.
   */
  captureContent?: boolean;
}

/**
 * Turns DSPy's callbacks into OpenTelemetry spans: one per module call, LM call (GenAI semantic
 * conventions: `chat {model}` with model, request settings and token usage), adapter format and
 * parse, tool call, evaluation, optimizer compile and optimizer trial. Spans nest as the calls
 * do — an evaluation inside a trial inside a compile — across awaits and concurrency. Depends only
 * on `@opentelemetry/api`; exporters and the SDK are the application's choice.
 *
 * @example
 * const tracing = new OpenTelemetryCallback({ tracer: provider.getTracer("qa") });
 * configure({ lm, callbacks: [tracing] });
 * await program.call({ question }); // dspy.module ChainOfThought › dspy.module Predict › chat gpt-4o-mini
 */
export class OpenTelemetryCallback implements BaseCallback {
  readonly #tracer: Tracer;
  readonly #captureContent: boolean;
  readonly #spans = new Map<string, Span>();
  /** Trials running under a call (key: that call's id, "" at the root), by trial number. */
  readonly #trials = new Map<string, Map<number, Span>>();

  constructor(options: OpenTelemetryCallbackOptions = {}) {
    this.#tracer = options.tracer ?? trace.getTracer("dspy-typescript");
    this.#captureContent = options.captureContent ?? false;
  }

  onModuleStart(callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    const name = className(instance);
    const attributes: Attributes = { "dspy.module.name": name };
    if (this.#captureContent) attributes["dspy.module.inputs"] = json(inputs.kwargs);
    this.#start(callId, `dspy.module ${name}`, SpanKind.INTERNAL, attributes);
  }

  onModuleEnd(callId: string, outputs: unknown, exception: unknown): void {
    const attributes: Attributes = {};
    if (this.#captureContent && outputs !== null) attributes["dspy.module.outputs"] = json(outputs);
    this.#end(callId, exception, attributes);
  }

  onLmStart(callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    const { name, attributes } = genAiRequestAttributes(instance, inputs.kwargs);
    if (this.#captureContent) attributes["gen_ai.input.messages"] = json(inputs.messages);
    this.#start(callId, name, SpanKind.CLIENT, attributes);
  }

  onLmEnd(callId: string, outputs: unknown, exception: unknown): void {
    const attributes = genAiUsageAttributes(outputs);
    if (this.#captureContent && Array.isArray(outputs)) {
      attributes["gen_ai.output.messages"] = json(outputs.map((output) => (output as { text?: unknown }).text));
    }
    this.#end(callId, exception, attributes);
  }

  onAdapterFormatStart(callId: string, instance: unknown): void {
    this.#start(callId, `dspy.adapter.format ${className(instance)}`, SpanKind.INTERNAL, {});
  }

  onAdapterFormatEnd(callId: string, _outputs: unknown, exception: unknown): void {
    this.#end(callId, exception);
  }

  onAdapterParseStart(callId: string, instance: unknown): void {
    this.#start(callId, `dspy.adapter.parse ${className(instance)}`, SpanKind.INTERNAL, {});
  }

  onAdapterParseEnd(callId: string, _outputs: unknown, exception: unknown): void {
    this.#end(callId, exception);
  }

  onToolStart(callId: string, instance: unknown): void {
    const name = String((instance as { name?: unknown }).name ?? "tool");
    const attributes = { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": name };
    this.#start(callId, `execute_tool ${name}`, SpanKind.INTERNAL, attributes);
  }

  onToolEnd(callId: string, _outputs: unknown, exception: unknown): void {
    this.#end(callId, exception);
  }

  onEvaluateStart(callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    const devset = inputs.devset ?? (instance as { options?: { devset?: unknown } }).options?.devset;
    const attributes: Attributes = {};
    if (Array.isArray(devset)) attributes["dspy.evaluate.devset_size"] = devset.length;
    // An evaluation that runs while a trial is open under the same caller belongs to that trial.
    const parent = activeCallId();
    const trials = this.#trials.get(parent ?? "");
    const trial = trials?.size === 1 ? [...trials.values()][0] : undefined;
    this.#start(callId, "dspy.evaluate", SpanKind.INTERNAL, attributes, trial);
  }

  onEvaluateEnd(callId: string, outputs: unknown, exception: unknown): void {
    const score = (outputs as { score?: unknown } | null)?.score;
    this.#end(callId, exception, typeof score === "number" ? { "dspy.evaluate.score": score } : {});
  }

  onCompileStart(callId: string, instance: unknown): void {
    const name = className(instance);
    this.#start(callId, `dspy.compile ${name}`, SpanKind.INTERNAL, { "dspy.optimizer.name": name });
  }

  onCompileEnd(callId: string, _outputs: unknown, exception: unknown): void {
    this.#end(callId, exception);
  }

  onRunEvent(event: RunEventNotice): void {
    if (event.type === "trial-start" && typeof event.trial === "number") {
      const parent = activeCallId() ?? "";
      const span = this.#tracer.startSpan(
        `dspy.trial ${event.trial}`,
        { kind: SpanKind.INTERNAL, attributes: { "dspy.trial.number": event.trial } },
        this.#parentContext(parent === "" ? undefined : parent),
      );
      const open = this.#trials.get(parent) ?? new Map<number, Span>();
      open.set(event.trial, span);
      this.#trials.set(parent, open);
    } else if (event.type === "trial-end" && typeof event.trial === "number") {
      const span = this.#takeTrial(event.trial);
      if (typeof event.score === "number") span?.setAttribute("dspy.trial.score", event.score);
      span?.end();
    }
  }

  #start(callId: string, name: string, kind: SpanKind, attributes: Attributes, parentSpan?: Span): void {
    const parent = parentSpan ? trace.setSpan(context.active(), parentSpan) : this.#parentContext(activeCallId());
    this.#spans.set(callId, this.#tracer.startSpan(name, { kind, attributes }, parent));
  }

  #end(callId: string, exception: unknown, attributes: Attributes = {}): void {
    const span = this.#spans.get(callId);
    if (!span) return;
    this.#spans.delete(callId);
    span.setAttributes(attributes);
    if (exception !== null && exception !== undefined) {
      span.recordException(exception instanceof Error ? exception : String(exception));
      span.setStatus({ code: SpanStatusCode.ERROR, message: String((exception as Error)?.message ?? exception) });
      const code = (exception as { code?: unknown }).code;
      if (typeof code === "string") span.setAttribute("error.type", code);
    }
    span.end();
  }

  /** The span of the enclosing DSPy call, else whatever span the application has active. */
  #parentContext(parentCallId: string | undefined) {
    const parent = parentCallId === undefined ? undefined : this.#spans.get(parentCallId);
    return parent ? trace.setSpan(context.active(), parent) : context.active();
  }

  #takeTrial(trial: number): Span | undefined {
    for (const [parent, open] of this.#trials) {
      const span = open.get(trial);
      if (!span) continue;
      open.delete(trial);
      if (open.size === 0) this.#trials.delete(parent);
      return span;
    }
    return undefined;
  }
}

function className(instance: unknown): string {
  return (instance as { constructor?: { name?: string } } | null)?.constructor?.name ?? "unknown";
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return String(value);
  }
}
