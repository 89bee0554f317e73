import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeExecutionError,
  CodeInterpreterError,
  CodeSyntaxError,
  CodeTimeoutError,
} from "../errors/code-interpreter-errors.js";
import { type CodeInterpreter, FinalOutput, type InterpreterTool } from "./code-interpreter.js";
import { JavaScriptInterpreter } from "./javascript-interpreter.js";
import { PythonInterpreter } from "./python-interpreter.js";

/**
 * The contract every CodeInterpreter keeps, and the escape attempts every sandbox must stop,
 * written once per guest language. Each attempt must fail with a typed error (or, where the
 * guest's own in-memory world absorbs it, leave no trace on the host), and a normal run must
 * succeed right after.
 */
interface Language {
  name: string;
  make: (options: { timeoutMs: number; tools?: Record<string, InterpreterTool> }) => CodeInterpreter;
  /** Sets `x` to 42. */
  assign: string;
  /** Evaluates to x * 10. */
  readX: string;
  /** Prints "hello" and 42 on one line. */
  print: string;
  /** Calls the host tool `add(a=2, b=3)` and evaluates to its result. */
  callTool: string;
  /** Calls the host tool `fail()`. */
  callFailingTool: string;
  /** Submits {answer: 42}. */
  submit: string;
  divideByZero: { code: string; message: RegExp; traceback: string };
  syntaxError: string;
  /** Evaluates to the variable `data.items[1]`. */
  readVariable: string;
  infiniteLoop: string;
  /** Escape attempts: [label, code that should be refused or contained]. */
  escapes: (context: EscapeContext) => [string, string][];
  /** Code that writes `path` on the host if it can. */
  writeHostFile: (path: string) => string;
  /** Allocation bombs. */
  bombs: string[];
  deepRecursion: string;
  /** Reads every environment variable the guest can see and returns them as one string. */
  dumpEnvironment: string;
}

interface EscapeContext {
  url: string;
}

const SECRET_NAME = "DSPY_SANDBOX_TEST_SECRET";
const SECRET = `s3cret-${Math.random().toString(36).slice(2)}`;

const python: Language = {
  name: "PythonInterpreter",
  make: (options) => new PythonInterpreter(options),
  assign: "x = 6 * 7",
  readX: "x * 10",
  print: "print('hello', x)",
  callTool: "add(2, b=3)",
  callFailingTool: "fail()",
  submit: "SUBMIT({'answer': x})",
  divideByZero: {
    code: "1 / 0",
    message: /^ZeroDivisionError: \['division by zero'\]$/,
    traceback: "ZeroDivisionError",
  },
  syntaxError: "def f(:",
  readVariable: "data['items'][1]",
  infiniteLoop: "while True:\n    pass",
  escapes: ({ url }) => [
    ["read /etc/passwd", "open('/etc/passwd').read()"],
    ["read the repository", `open(${JSON.stringify(join(process.cwd(), "package.json"))}).read()`],
    [
      "read through node:fs",
      "import js\nawait js.eval(\"import('node:fs').then(m => m.readFileSync('/etc/passwd', 'utf8'))\")",
    ],
    [
      "mount the host file system",
      "import pyodide_js\npyodide_js.FS.mount(pyodide_js.FS.filesystems.NODEFS, {'root': '/'}, '/mnt')",
    ],
    ["load a host file as a package", "import pyodide_js\nawait pyodide_js.loadPackage('file:///etc/passwd')"],
    ["reach process", 'import js\njs.eval(\'process.getBuiltinModule("fs").readFileSync("/etc/passwd", "utf8")\')'],
    ["reach require", "import js\njs.eval('require(\"fs\")')"],
    ["reach the Function constructor", "import js\njs.eval.constructor('return process')().pid"],
    [
      "import a host module",
      `import js\nawait js.eval("import('${join(process.cwd(), "package.json")}', { with: { type: 'json' } })")`,
    ],
    [
      "import child_process",
      "import js\nawait js.eval(\"import('node:child_process').then(m => m.execSync('id').toString())\")",
    ],
    ["os.system", "import os\nos.system('id')"],
    ["subprocess", "import subprocess\nsubprocess.run(['id'])"],
    ["socket", `import socket\nsocket.create_connection(('127.0.0.1', ${new URL(url).port}), timeout=1)`],
    ["urllib", `import urllib.request\nurllib.request.urlopen(${JSON.stringify(url)}, timeout=1).read()`],
    ["pyfetch", `from pyodide.http import pyfetch\nawait pyfetch(${JSON.stringify(url)})`],
    ["js.fetch", `import js\nawait js.fetch(${JSON.stringify(url)})`],
    [
      "node:http",
      `import js\nawait js.eval("import('node:http').then((m) => new Promise((ok, no) => m.get('${url}', ok).on('error', no)))")`,
    ],
    ["kill the host", "import js\njs.eval('process.kill(process.pid)')"],
    ["reach the worker's port", "import js\nawait js.eval(\"import('node:worker_threads').then(m => m.parentPort)\")"],
  ],
  writeHostFile: (path) => `open(${JSON.stringify(path)}, 'w').write('escaped')`,
  bombs: ["'a' * 10**10", "'a' * 2**30", "items = []\nwhile True:\n    items.append('x' * 10**6)"],
  deepRecursion: "def f(n):\n    return f(n + 1)\nf(0)",
  dumpEnvironment:
    "import os, js\nstr(dict(os.environ)) + str(js.eval('JSON.stringify(globalThis.process?.env ?? null)'))",
};

const javascript: Language = {
  name: "JavaScriptInterpreter",
  make: (options) => new JavaScriptInterpreter(options),
  assign: "var x = 6 * 7",
  readX: "x * 10",
  print: "console.log('hello', x)",
  callTool: "add(2, 3)",
  callFailingTool: "fail()",
  submit: "SUBMIT({ answer: x })",
  divideByZero: {
    code: "null.boom",
    message: /^TypeError: cannot read property 'boom' of null$/,
    traceback: "at <eval> (<exec>:1",
  },
  syntaxError: "function f( {",
  readVariable: "data.items[1]",
  infiniteLoop: "for (;;) {}",
  escapes: ({ url }) => [
    ["require", "require('fs').readFileSync('/etc/passwd', 'utf8')"],
    ["process", "process.env"],
    [
      "dynamic import",
      "var imported; import('node:fs').then((m) => { imported = m; }); imported.readFileSync('/etc/passwd')",
    ],
    ["Function constructor", "Function('return this')().process.env"],
    ["fetch", `fetch(${JSON.stringify(url)})`],
    ["XMLHttpRequest", "new XMLHttpRequest()"],
    ["WebSocket", `new WebSocket(${JSON.stringify(url.replace("http", "ws"))})`],
    ["std/os modules", "std.loadFile('/etc/passwd')"],
    ["timers", "setTimeout(() => {}, 0)"],
    ["the host call function", "__dspy_host_call('add', '{}')"],
    [
      "an unregistered tool through the driver",
      '__dspy.register(\'{"tools": [{"name": "readFile"}]}\'); readFile(\'/etc/passwd\')',
    ],
  ],
  writeHostFile: (path) => `require('fs').writeFileSync(${JSON.stringify(path)}, 'escaped')`,
  bombs: [
    "'a'.repeat(2 ** 30)",
    "var items = []; for (;;) items.push('x'.repeat(1e6) + items.length)",
    "var objects = []; for (;;) objects.push({ a: [1, 2, 3], b: objects.length })",
  ],
  deepRecursion: "function f(n) { return f(n + 1) + 1 } f(0)",
  dumpEnvironment: "JSON.stringify([typeof process === 'undefined' ? null : process.env, Object.keys(globalThis)])",
};

const languages: Language[] = [python, javascript];

describe.each(languages)("$name conformance", (language) => {
  let interpreter: CodeInterpreter;
  let server: Server;
  let url = "";
  let requests = 0;

  beforeAll(async () => {
    process.env[SECRET_NAME] = SECRET;
    server = createServer((_request, response) => {
      requests += 1;
      response.end("reached");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    interpreter = language.make({
      timeoutMs: 3000,
      tools: {
        add: { handler: ({ a, b }) => Number(a) + Number(b), parameters: [{ name: "a" }, { name: "b" }] },
        fail: () => {
          throw new Error("tool broke");
        },
      },
    });
    await interpreter.start();
  }, 120_000);

  afterAll(async () => {
    delete process.env[SECRET_NAME];
    await interpreter.shutdown();
    await new Promise((resolve) => server.close(resolve));
  });

  const healthy = async () => {
    expect(await interpreter.execute("1 + 1")).toBe(2);
  };

  it("keeps variables between runs and returns the last expression", async () => {
    expect(await interpreter.execute(language.assign)).toBe("");
    expect(await interpreter.execute(language.readX)).toBe(420);
  });

  it("returns what the code printed", async () => {
    expect(await interpreter.execute(language.print)).toBe("hello 42\n");
  });

  it("injects variables", async () => {
    const result = await interpreter.execute(language.readVariable, {
      variables: { data: { items: ["a", "b", Number.POSITIVE_INFINITY] } },
    });
    expect(result).toBe("b");
  });

  it("calls host tools and reports their errors to the guest", async () => {
    expect(await interpreter.execute(language.callTool)).toBe(5);
    const error = await interpreter.execute(language.callFailingTool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect((error as Error).message).toContain("Error: tool broke");
  });

  it("returns a FinalOutput when the code calls SUBMIT", async () => {
    const result = await interpreter.execute(language.submit);
    expect(result).toBeInstanceOf(FinalOutput);
    expect((result as FinalOutput).output).toEqual({ output: { answer: 42 } });
  });

  it("reports runtime errors with the guest's message and traceback", async () => {
    const error = await interpreter.execute(language.divideByZero.code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect((error as CodeExecutionError).message).toMatch(language.divideByZero.message);
    expect((error as CodeExecutionError).traceback).toContain(language.divideByZero.traceback);
    expect((error as CodeExecutionError).sessionLost).toBe(false);
    expect(await interpreter.execute(language.readX)).toBe(420);
  });

  it("reports syntax errors", async () => {
    await expect(interpreter.execute(language.syntaxError)).rejects.toBeInstanceOf(CodeSyntaxError);
  });

  it("refuses invalid variable names with a CodeInterpreterError", async () => {
    const error = await interpreter.execute("1", { variables: { "not valid": 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeInterpreterError);
    expect(error).not.toBeInstanceOf(CodeExecutionError);
  });

  describe("escape attempts", () => {
    it("none of them reaches the host", async () => {
      for (const [label, code] of language.escapes({ url })) {
        const error = await interpreter.execute(code).then(
          (value) => new Error(`${label}: escaped with ${JSON.stringify(value)}`),
          (e: unknown) => e,
        );
        expect(error, label).toBeInstanceOf(CodeExecutionError);
        // A syntax error would mean the attempt never ran.
        expect(error, label).not.toBeInstanceOf(CodeSyntaxError);
        await healthy();
      }
      expect(requests).toBe(0);
    }, 120_000);

    it("cannot write host files", async () => {
      const path = join(tmpdir(), `dspy-sandbox-escape-${process.pid}`);
      await interpreter.execute(language.writeHostFile(path)).catch(() => {});
      expect(existsSync(path)).toBe(false);
      await healthy();
    });

    it("never sees the host's environment", async () => {
      const dump = await interpreter.execute(language.dumpEnvironment);
      expect(String(dump)).not.toContain(SECRET);
      expect(String(dump)).not.toContain(SECRET_NAME);
    });

    it("stops an infinite loop with a CodeTimeoutError", async () => {
      await expect(interpreter.execute(language.infiniteLoop, { timeoutMs: 300 })).rejects.toBeInstanceOf(
        CodeTimeoutError,
      );
      await healthy();
    }, 60_000);

    it("survives allocation bombs", async () => {
      for (const bomb of language.bombs) {
        const error = await interpreter.execute(bomb).catch((e: unknown) => e);
        expect(error, bomb).toBeInstanceOf(CodeExecutionError);
        await healthy();
      }
    }, 120_000);

    it("survives deep recursion", async () => {
      await expect(interpreter.execute(language.deepRecursion)).rejects.toBeInstanceOf(CodeExecutionError);
      await healthy();
    }, 60_000);
  });

  it("refuses to run after shutdown", async () => {
    const fresh = language.make({ timeoutMs: 1000 });
    await fresh.shutdown();
    await expect(fresh.execute("1")).rejects.toBeInstanceOf(CodeInterpreterError);
  });
});
