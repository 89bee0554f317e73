import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { AbortError } from "../errors/abort-error.js";
import { BridgeError } from "./bridge-error.js";

/** `Omit` over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The stable code of an error for telemetry: a DSPyError's `code`, else its name.
 *
 * @example
 * errorCode(new BridgeError("x", { code: "timeout" })); // "timeout"
 */
export function errorCode(error: Error): string {
  return typeof (error as { code?: unknown }).code === "string"
    ? String((error as { code?: unknown }).code)
    : error.name;
}

/**
 * Whether a gRPC failure means the connection (probably the process) went away.
 *
 * @example
 * isTransportLoss(error); // true for UNAVAILABLE
 */
export function isTransportLoss(error: ServiceError): boolean {
  return (
    error.code === GrpcStatus.UNAVAILABLE || error.code === GrpcStatus.CANCELLED || error.code === GrpcStatus.INTERNAL
  );
}

/**
 * A `transport` BridgeError for a gRPC failure of a session's call.
 *
 * @example
 * throw transportError(error, session.id);
 */
export function transportError(error: ServiceError, session: string): BridgeError {
  return new BridgeError(`bridge transport failed in session ${session}: ${error.details || error.message}`, {
    code: "transport",
    session,
    cause: error,
  });
}

/**
 * The AbortError a bridged call fails with when its signal fires (carrying the reason).
 *
 * @example
 * throw abortError(signal);
 */
export function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError("bridge call aborted", { reason: signal?.reason });
}
