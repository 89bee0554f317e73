import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The unary RPCs of proto/bridge.proto. */
export type WorkerRpc = "Call" | "GetAttr" | "Release" | "Heartbeat" | "EndSession";

/** The `Reply` message: exactly one of `value_json` and `error` is set. */
export interface WireReply {
  value_json: string;
  error: { type: string; message: string; traceback: string } | null;
  blobs: Uint8Array[];
}

/** The `CallbackRequest` message: Python called a host function. */
export interface WireCallbackRequest {
  id: number;
  session: string;
  name: string;
  args_json: string;
  kwargs_json: string;
  blobs: Uint8Array[];
}

/** The `CallbackReply` message. */
export interface WireCallbackReply {
  id: number;
  value_json?: string;
  error?: string;
  blobs?: Uint8Array[];
}

const MAX_MESSAGE = 64 * 1024 * 1024;

type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, reply: unknown) => void,
) => grpc.ClientUnaryCall;

type ClientWithStreams = {
  CallStream(request: object, metadata: grpc.Metadata, options: grpc.CallOptions): grpc.ClientReadableStream<WireReply>;
  Callbacks(metadata: grpc.Metadata): grpc.ClientDuplexStream<object, WireCallbackRequest>;
};

const definitions = new Map<string, grpc.ServiceClientConstructor>();

function workerService(protoPath: string): grpc.ServiceClientConstructor {
  let service = definitions.get(protoPath);
  if (!service) {
    const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: Number, defaults: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      dspy_bridge: { Worker: grpc.ServiceClientConstructor };
    };
    service = loaded.dspy_bridge.Worker;
    definitions.set(protoPath, service);
  }
  return service;
}

/**
 * A gRPC client for one worker, built from proto/bridge.proto at runtime (no codegen). Every
 * call carries the worker's token; unary and streaming calls carry a deadline.
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
    const Service = workerService(protoPath);
    this.#client = new Service(address, grpc.credentials.createInsecure(), {
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

  /** Starts a `CallStream` (one reply per item of a Python iterator). */
  stream(request: object): grpc.ClientReadableStream<WireReply> {
    return (this.#client as unknown as ClientWithStreams).CallStream(request, this.#metadata, {});
  }

  /** Opens the `Callbacks` stream (host functions); the caller sends the hello. */
  callbacks(): grpc.ClientDuplexStream<object, WireCallbackRequest> {
    return (this.#client as unknown as ClientWithStreams).Callbacks(this.#metadata);
  }

  /** Closes the channel; in-flight calls fail with CANCELLED/UNAVAILABLE. */
  close(): void {
    this.#client.close();
  }
}
