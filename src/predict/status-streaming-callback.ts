import type { BaseLM } from "../lm/base-lm.js";
import type { Module } from "../primitives/module.js";
import type { Tool } from "../primitives/tool.js";
import type { BaseCallback } from "../utils/callback.js";
import { currentSettings } from "../utils/settings-store.js";
import type { StatusMessageProvider } from "./status-message-provider.js";
import type { StreamSettings } from "./stream-sink.js";

/**
 * DSPy's `StatusStreamingCallback`: turns tool, module and LM callbacks into status messages on
 * the stream of the enclosing `streamify` call, as its {@link StatusMessageProvider} words them.
 * Silent outside a stream (and in predictors that are not streamed). ReAct's `finish` tool, and
 * its `"Completed."` result, are not announced.
 *
 * @example
 * await context({ sendStream: sink, callbacks: [new StatusStreamingCallback(new StatusMessageProvider())] }, run);
 */
export class StatusStreamingCallback implements BaseCallback {
  constructor(readonly provider: StatusMessageProvider) {}

  onToolStart(_callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    if ((instance as Tool).name === "finish") return;
    send(() => this.provider.toolStartStatusMessage(instance as Tool, inputs));
  }

  onToolEnd(_callId: string, outputs: unknown): void {
    if (outputs === "Completed.") return;
    send(() => this.provider.toolEndStatusMessage(outputs));
  }

  onModuleStart(_callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    send(() => this.provider.moduleStartStatusMessage(instance as Module, inputs));
  }

  onModuleEnd(_callId: string, outputs: unknown): void {
    send(() => this.provider.moduleEndStatusMessage(outputs));
  }

  onLmStart(_callId: string, instance: unknown, inputs: Record<string, unknown>): void {
    send(() => this.provider.lmStartStatusMessage(instance as BaseLM, inputs));
  }

  onLmEnd(_callId: string, outputs: unknown): void {
    send(() => this.provider.lmEndStatusMessage(outputs));
  }
}

// The provider is asked only inside a stream, as DSPy checks `send_stream` first. The send is
// not awaited (callbacks are synchronous); the channel still keeps the order, and a consumer
// that has gone away only makes it reject, which is nobody's concern here.
function send(message: () => string | null | undefined): void {
  const sink = currentSettings<StreamSettings>().sendStream;
  if (!sink) return;
  const text = message();
  if (text) sink.send({ type: "status", message: text }).catch(() => {});
}
