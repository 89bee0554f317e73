import type { Signature } from "../signatures/signature.js";
import type { Demo, Message } from "./message.js";

/** The demo sets last formatted for one signature and adapter class, newest last. */
interface Remembered {
  snapshot: unknown[];
  messages: readonly Message[];
}

// A handful per signature and adapter class: enough for predictors that share a signature
// object, small enough that a program cycling through many demo sets does not grow it.
const KEPT = 4;
const MEMO = new WeakMap<Signature, Map<object, Remembered[]>>();

/**
 * The demo messages of a predictor, formatted once and reused while its demos hold the same
 * data. Formatting a demo (Python `repr` of each value, section headers) is most of an
 * adapter's work per call, yet demos rarely change between calls. Reuse is decided by value —
 * the demos are compared in full with a copy taken when they were formatted — so a demo edited
 * in place is formatted again. Demos holding anything but JSON-like data (images, class
 * instances) are formatted every time. Returns fresh message objects.
 *
 * @example
 * const messages = memoizedDemoMessages(ChatAdapter, signature, demos, () => this.formatDemos(signature, demos));
 */
export function memoizedDemoMessages(
  adapterKey: object | undefined,
  signature: Signature,
  demos: readonly Demo[],
  format: () => Message[],
): Message[] {
  if (adapterKey === undefined || demos.length === 0) return format();
  let byAdapter = MEMO.get(signature);
  const remembered = byAdapter?.get(adapterKey);
  const known = remembered?.find((entry) => sameData(entry.snapshot, demos));
  if (known) return known.messages.map((message) => ({ ...message }));
  const snapshot = copyData(demos);
  const messages = format();
  if (snapshot === NOT_DATA) return messages;
  if (!byAdapter) {
    byAdapter = new Map();
    MEMO.set(signature, byAdapter);
  }
  const list = remembered ?? [];
  list.push({ snapshot: snapshot as unknown[], messages: messages.map((message) => ({ ...message })) });
  if (list.length > KEPT) list.shift();
  byAdapter.set(adapterKey, list);
  return messages;
}

const NOT_DATA = Symbol("not data");

/** A deep copy of JSON-like data (plain objects, arrays, primitives), or NOT_DATA. */
function copyData(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? NOT_DATA : value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value) {
      const itemCopy = copyData(item);
      if (itemCopy === NOT_DATA) return NOT_DATA;
      copy.push(itemCopy);
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype) return NOT_DATA;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const itemCopy = copyData((value as Record<string, unknown>)[key]);
    if (itemCopy === NOT_DATA) return NOT_DATA;
    copy[key] = itemCopy;
  }
  return copy;
}

/** Whether `value` holds exactly the data of `snapshot` (same keys, same order, same values). */
function sameData(snapshot: unknown, value: unknown): boolean {
  if (snapshot === null || typeof snapshot !== "object") {
    // Object.is tells -0 from 0, which Python's repr does too.
    return Object.is(snapshot, value);
  }
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(snapshot)) {
    if (!Array.isArray(value) || value.length !== snapshot.length) return false;
    for (let index = 0; index < snapshot.length; index++) if (!sameData(snapshot[index], value[index])) return false;
    return true;
  }
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(snapshot);
  const valueKeys = Object.keys(value);
  if (keys.length !== valueKeys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (valueKeys[index] !== key) return false;
    if (!sameData((snapshot as Record<string, unknown>)[key], (value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
