import { BridgeError } from "./bridge-error.js";
import { isWireRef, PyRef } from "./py-ref.js";

/**
 * Encodes call arguments as JSON, refs as placeholders. A ref from another session is refused
 * here: its id would name a different object (or nothing) on this session's worker.
 *
 * @example
 * encodeArgs([ref, { n: 1 }], "s1"); // '[{"__ref__":"r1","type":"dspy.Predict"},{"n":1}]'
 */
export function encodeArgs(value: unknown, session: string): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof PyRef && item.session !== session) {
      throw new BridgeError(`ref ${item.id} (${item.type}) belongs to session ${item.session}, not ${session}`, {
        code: "transport",
        session,
      });
    }
    return item;
  });
}

/**
 * Decodes a result: values stay values, wire refs become {@link PyRef}s (each handed to
 * `onRef`, which registers it for release on garbage collection).
 *
 * @example
 * decodeResult('{"p":{"__ref__":"r2","type":"dspy.Prediction"}}', "s1", () => {}); // { p: PyRef }
 */
export function decodeResult(json: string, session: string, onRef: (ref: PyRef) => void): unknown {
  if (json === "") return undefined;
  return JSON.parse(json, (_key, item: unknown) => {
    if (!isWireRef(item)) return item;
    const ref = new PyRef(item.__ref__, item.type, session);
    onRef(ref);
    return ref;
  });
}
