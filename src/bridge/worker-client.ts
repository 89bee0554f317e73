import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The unary RPCs of proto/bridge.proto. */
export type WorkerRpc = "Call" | "GetAttr" | "Release" | "Heartbeat" | "EndSession";

/** The `Reply` message: exactly one of `value_json` and `error` is set. */
export interface WireReply {
  value_json: string;
  error: { type: string; message: string; traceback: string } | null;
}

const MAX_MESSAGE = 64 * 1024 * 1024;

type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, reply: unknown) => void,
) => grpc.ClientUnaryCall;

/**
 * A gRPC client for one worker, built from proto/bridge.proto at runtime (no codegen). Every
 * call carries the worker's token and a deadline.
 *
 * @example
 * const client = new WorkerClient(protoPath, "127.0.0.1:50051", token);
 * client.unary("Heartbeat", {}, 2000, (error, reply) => {});
 */
export class WorkerClient {
  readonly address: string;
  readonly #client: grpc.Client;
  readonly #metadata = new grpc.Metadata();

  constructor(protoPath: string, address: string, token: string) {
    this.address = address;
    const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: Number, defaults: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      dspy_bridge: { Worker: grpc.ServiceClientConstructor };
    };
    this.#client = new loaded.dspy_bridge.Worker(address, grpc.credentials.createInsecure(), {
      "grpc.max_send_message_length": MAX_MESSAGE,
      "grpc.max_receive_message_length": MAX_MESSAGE,
    });
    this.#metadata.set("x-bridge-token", token);
  }

  /** Starts one unary call; the returned handle cancels it. */
  unary(
    rpc: WorkerRpc,
    request: object,
    timeoutMs: number,
    callback: (error: grpc.ServiceError | null, reply: unknown) => void,
  ): grpc.ClientUnaryCall {
    const method = (this.#client as unknown as Record<WorkerRpc, UnaryMethod>)[rpc].bind(this.#client);
    return method(request, this.#metadata, { deadline: Date.now() + timeoutMs }, callback);
  }

  /** Closes the channel; in-flight calls fail with CANCELLED/UNAVAILABLE. */
  close(): void {
    this.#client.close();
  }
}
