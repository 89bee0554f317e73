import { BridgeError } from "./bridge-error.js";
import { isWireRef, PyRef } from "./py-ref.js";

/** JSON text plus the binary payloads it points at (`{"__bytes__": i}` stands for `blobs[i]`). */
export interface WireValue {
  json: string;
  blobs: Uint8Array[];
}

/**
 * Encodes a value as JSON: refs as placeholders, bytes (`Uint8Array`, `Buffer`, `ArrayBuffer`)
 * as blobs next to the JSON, so an image crosses as raw bytes rather than base64 (pass `blobs`
 * to share one list between the JSON fields of a message). A ref from
 * another session is refused here: its id would name a different object (or nothing) on this
 * session's worker.
 *
 * @example
 * encodeValue([ref, png], "s1"); // { json: '[{"__ref__":"r1","type":"dspy.Predict"},{"__bytes__":0}]', blobs: [png] }
 */
export function encodeValue(value: unknown, session: string, blobs: Uint8Array[] = []): WireValue {
  // The holder's own property, because JSON.stringify hands the replacer Buffer.toJSON()'s output.
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    if (original instanceof Uint8Array || original instanceof ArrayBuffer) {
      blobs.push(original instanceof ArrayBuffer ? new Uint8Array(original) : original);
      return { __bytes__: blobs.length - 1 };
    }
    if (item instanceof PyRef && item.session !== session) {
      throw new BridgeError(`ref ${item.id} (${item.type}) belongs to session ${item.session}, not ${session}`, {
        code: "transport",
        session,
      });
    }
    return item;
  });
  return { json: json ?? "null", blobs };
}

/**
 * Decodes a value from the worker: values stay values, blobs become `Uint8Array`s (Node
 * `Buffer`s), wire refs become {@link PyRef}s (each handed to `onRef`, which registers it for
 * release on garbage collection).
 *
 * @example
 * decodeValue({ json: '{"p":{"__ref__":"r2","type":"dspy.Prediction"}}', blobs: [] }, "s1", () => {}); // { p: PyRef }
 */
export function decodeValue(value: WireValue, session: string, onRef: (ref: PyRef) => void): unknown {
  if (value.json === "") return undefined;
  return JSON.parse(value.json, (_key, item: unknown) => {
    if (isBlob(item)) {
      const blob = value.blobs[item.__bytes__];
      if (!blob) throw new BridgeError(`missing blob ${item.__bytes__} in a reply`, { code: "transport", session });
      return blob;
    }
    if (!isWireRef(item)) return item;
    const ref = new PyRef(item.__ref__, item.type, session);
    onRef(ref);
    return ref;
  });
}

function isBlob(item: unknown): item is { __bytes__: number } {
  if (typeof item !== "object" || item === null) return false;
  const keys = Object.keys(item);
  return keys.length === 1 && keys[0] === "__bytes__" && typeof (item as { __bytes__: unknown }).__bytes__ === "number";
}
