/**
 * The JavaScript driver a {@link JavaScriptInterpreter} evaluates once in each fresh QuickJS
 * context. It captures `console` output (head and tail kept past a cap), defines `SUBMIT` and
 * the tool wrappers (which map positional arguments onto declared parameters, as a Python
 * signature would) and moves values in and out as JSON. The host's call function is taken off
 * the global object, so guest code can reach the host only through the registered tools.
 */
export const QUICKJS_BOOTSTRAP = String.raw`
(() => {
  const hostCall = globalThis.__dspy_host_call;
  delete globalThis.__dspy_host_call;
  const FLOAT = "__dspy_float__";
  const revive = (key, value) =>
    value !== null && typeof value === "object" && Object.keys(value).length === 1 && typeof value[FLOAT] === "string"
      ? Number(value[FLOAT])
      : value;
  const replace = (key, value) => {
    if (typeof value === "number" && !Number.isFinite(value)) return { [FLOAT]: String(value) };
    if (typeof value === "bigint") return Number(value);
    if (typeof value === "function" || typeof value === "symbol") return String(value);
    if (value instanceof Set) return [...value];
    if (value instanceof Map) return Object.fromEntries(value);
    return value;
  };
  const dump = (value) => JSON.stringify(value === undefined ? null : value, replace);
  const isPlain = (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value));

  let capture;
  const newCapture = (limit) => ({ half: Math.max(Math.floor(limit / 2), 0), head: "", tail: [], tailLength: 0, total: 0 });
  const write = (text) => {
    const c = capture;
    c.total += text.length;
    const room = c.half - c.head.length;
    if (room > 0) {
      c.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    c.tail.push(text);
    c.tailLength += text.length;
    if (c.tailLength > 2 * c.half) {
      const kept = c.half ? c.tail.join("").slice(-c.half) : "";
      c.tail = [kept];
      c.tailLength = kept.length;
    }
  };
  const output = () => {
    const c = capture;
    let tail = c.tail.join("");
    if (c.head.length + tail.length === c.total) return c.head + tail;
    tail = c.half ? tail.slice(-c.half) : "";
    const omitted = (c.total - c.head.length - tail.length).toLocaleString("en-US");
    return c.head + "\n\n... (" + omitted + " characters omitted) ...\n\n" + tail;
  };
  const format = (value) => {
    if (typeof value === "string") return value;
    try {
      return JSON.stringify(value, replace) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const log = (...values) => write(values.map(format).join(" ") + "\n");
  globalThis.console = { log, info: log, debug: log, warn: log, error: log };

  const final = (output) => {
    throw { __dspy_final__: true, output };
  };
  const makeSubmit = (outputs) => {
    if (!outputs || outputs.length === 0) return (output) => final({ output });
    const names = outputs.map((field) => field.name);
    return (...values) => {
      if (values.length === 1 && names.length > 1 && isPlain(values[0])) return final({ ...values[0] });
      if (values.length !== names.length) {
        throw new TypeError("SUBMIT() takes " + names.length + " arguments (" + names.join(", ") + ") but " + values.length + " were given");
      }
      return final(Object.fromEntries(names.map((name, index) => [name, values[index]])));
    };
  };
  const makeTool = (name, parameters) => (...args) => {
    let kwargs = {};
    if (parameters) {
      const known = (key) => parameters.some((parameter) => parameter.name === key);
      const byName = args.length === 1 && isPlain(args[0]) && Object.keys(args[0]).every(known) &&
        !(parameters.length === 1 && parameters[0].type === "dict");
      if (byName) kwargs = { ...args[0] };
      else {
        if (args.length > parameters.length) {
          throw new TypeError(name + "() takes " + parameters.length + " arguments but " + args.length + " were given");
        }
        args.forEach((value, index) => { kwargs[parameters[index].name] = value; });
      }
      for (const parameter of parameters) {
        if (parameter.name in kwargs) continue;
        if (!("default" in parameter)) throw new TypeError(name + "() missing required argument: '" + parameter.name + "'");
        kwargs[parameter.name] = parameter.default;
      }
      args = [];
    }
    const reply = JSON.parse(hostCall(name, dump({ args, kwargs })), revive);
    if ("error" in reply) throw new Error(reply.error);
    return reply.value;
  };

  let registered = [];
  Object.defineProperty(globalThis, "__dspy", {
    value: Object.freeze({
      begin(limit, variablesJson) {
        capture = newCapture(limit);
        Object.assign(globalThis, JSON.parse(variablesJson, revive));
      },
      output,
      dump,
      register(specJson) {
        const spec = JSON.parse(specJson, revive);
        for (const name of registered) delete globalThis[name];
        registered = spec.tools.map((tool) => tool.name);
        for (const tool of spec.tools) globalThis[tool.name] = makeTool(tool.name, tool.parameters);
        globalThis.SUBMIT = makeSubmit(spec.outputs);
      },
    }),
  });
})();
`;
