import type { ServiceError } from "@grpc/grpc-js";
import { BridgeError } from "./bridge-error.js";
import { WorkerClient } from "./worker-client.js";

/** Options for {@link connectWorker}. */
export interface ConnectWorkerOptions {
  proto: string;
  token: string;
  address: string;
  /** A worker nobody here started: it must answer a Heartbeat before it is trusted. */
  remote: boolean;
  timeoutMs: number;
}

/**
 * A client for a worker. A spawned worker already said READY; a remote one is probed with a
 * Heartbeat first, so a wrong address fails the start with `worker_start` instead of a pool that
 * looks ready and fails every call.
 *
 * @example
 * const client = await connectWorker({ proto, token, address: "10.0.0.7:7070", remote: true, timeoutMs: 5000 });
 */
export async function connectWorker(options: ConnectWorkerOptions): Promise<WorkerClient> {
  const client = new WorkerClient(options.proto, options.address, options.token);
  if (!options.remote) return client;
  try {
    await new Promise<void>((resolve, reject) => {
      client.unary("Heartbeat", {}, options.timeoutMs, (error) => (error ? reject(error) : resolve()));
    });
    return client;
  } catch (error) {
    client.close();
    const why = (error as ServiceError).details || (error as Error).message;
    throw new BridgeError(`remote bridge worker ${options.address} does not answer: ${why}`, {
      code: "worker_start",
      cause: error,
    });
  }
}
