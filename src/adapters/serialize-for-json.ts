import { CustomType } from "../primitives/custom-type.js";
import { History } from "../primitives/history.js";
import { Tool } from "../primitives/tool.js";

/**
 * DSPy's `serialize_for_json`: turns a value into plain JSON data the way pydantic's
 * `dump_python(mode="json")` would — custom types become their marker text, `History` its
 * messages, a `Tool` its `format()` text, `Date` an ISO string, `Map`/`Set` plain containers.
 *
 * @example
 * serializeForJson({ image: new Image("https://x/y.png") }); // { image: "<<CUSTOM-TYPE-START-IDENTIFIER>>..." }
 */
export function serializeForJson(value: unknown): unknown {
  if (value instanceof CustomType) return value.serialize();
  if (value instanceof History) return { messages: value.messages.map(serializeForJson) };
  // A `dspy.Tool` serialises through its `format()`: the line ReAct lists it with.
  if (value instanceof Tool) return value.format();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([key, item]) => [String(key), serializeForJson(item)]));
  if (value instanceof Set) return [...value].map(serializeForJson);
  if (Array.isArray(value)) return value.map(serializeForJson);
  if (value !== null && typeof value === "object") {
    const data = "toJSON" in value && typeof value.toJSON === "function" ? value.toJSON() : value;
    if (data !== value) return serializeForJson(data);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, serializeForJson(item)]));
  }
  if (value === undefined) return null;
  return value;
}
