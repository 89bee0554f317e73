import type { ClientDuplexStream } from "@grpc/grpc-js";
import type { WireCallbackReply, WireCallbackRequest, WorkerClient } from "./worker-client.js";

/** Runs one host function for Python and says how it went. */
export type CallbackHandler = (request: WireCallbackRequest) => Promise<WireCallbackReply>;

/**
 * The host side of a worker's `Callbacks` stream: says hello with the host id, runs each
 * CallbackRequest through `handler` (concurrently; Python threads block on their own replies)
 * and writes the reply. A stream that breaks while the worker is alive is reopened by the slot.
 *
 * @example
 * const channel = openCallbackChannel(client, hostId, handler, (error) => console.warn(error));
 * channel.close();
 */
export function openCallbackChannel(
  client: WorkerClient,
  host: string,
  handler: CallbackHandler,
  onBroken: (error: Error | undefined) => void,
): { close(): void } {
  const stream: ClientDuplexStream<object, WireCallbackRequest> = client.callbacks();
  let closed = false;
  const broken = (error: Error | undefined) => {
    if (closed) return;
    closed = true;
    onBroken(error);
  };
  stream.on("data", (request: WireCallbackRequest) => {
    void handler(request).then((reply) => {
      if (!closed) stream.write({ reply });
    });
  });
  stream.on("error", (error: Error) => broken(error));
  stream.on("end", () => broken(undefined));
  stream.write({ hello: host });
  return {
    close() {
      closed = true;
      stream.cancel();
    },
  };
}
