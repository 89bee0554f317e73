import { SignatureError } from "../errors/signature-error.js";
import { isKeyword, syntaxError, type Token, tokenize } from "./python-tokens.js";
import { type LiteralValue, makeUnion, type SpecialTypeName, type TypeNode } from "./type-node.js";

/** A parsed annotation before it is resolved to a type (Python AST, reduced). */
type Expr =
  | { kind: "name"; path: string[] }
  | { kind: "constant"; value: LiteralValue | typeof ELLIPSIS }
  | { kind: "subscript"; base: Expr; args: Expr[] }
  | { kind: "or"; left: Expr; right: Expr };

const ELLIPSIS = Symbol("Ellipsis");

/** One parameter of a signature side: its name and its annotation, if written. */
export interface ParsedParameter {
  name: string;
  type: TypeNode;
  typeUndefined: boolean;
}

/**
 * Parses one side of a signature string (`"question, context: list[str]"`) the way DSPy does
 * with `ast.parse(f"def f({side}): pass")`, resolving annotations to types.
 *
 * @example
 * parseParameters("a, b: int"); // [{ name: "a", type: str }, { name: "b", type: int }]
 */
export function parseParameters(side: string, customTypes: Record<string, TypeNode> = {}): ParsedParameter[] {
  const parser = new Parser(tokenize(side));
  const parameters: ParsedParameter[] = [];
  while (!parser.at("end")) {
    if (parser.atOp("*") || parser.atOp("**") || parser.atOp("/")) {
      // `*args`, `**kwargs` and `/` are legal Python but not fields; ast's `args.args` skips them.
      parser.next();
      if (parser.peek().kind === "name") parser.next();
      if (parser.atOp(":")) {
        parser.next();
        parser.expression();
      }
    } else {
      const name = parser.identifier();
      let expr: Expr | undefined;
      if (parser.atOp(":")) {
        parser.next();
        expr = parser.expression();
      }
      if (parser.atOp("=")) {
        parser.next();
        parser.expression();
      }
      parameters.push({
        name,
        type: expr ? resolve(expr, customTypes) : { kind: "str" },
        typeUndefined: expr === undefined,
      });
    }
    if (parser.at("end")) break;
    parser.expectOp(",");
  }
  return parameters;
}

/**
 * Parses a single type annotation such as `dict[str, list[int]]` or `Literal['a', 'b'] | None`.
 *
 * @example
 * parseTypeExpression("Optional[int]"); // { kind: "union", members: [int, none] }
 */
export function parseTypeExpression(source: string, customTypes: Record<string, TypeNode> = {}): TypeNode {
  const parser = new Parser(tokenize(source));
  const expr = parser.expression();
  if (!parser.at("end")) throw syntaxError();
  return resolve(expr, customTypes);
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.position] as Token;
  }
  next(): Token {
    return this.tokens[this.position++] as Token;
  }
  at(kind: Token["kind"]): boolean {
    return this.peek().kind === kind;
  }
  atOp(text: string): boolean {
    const token = this.peek();
    return token.kind === "op" && token.text === text;
  }
  expectOp(text: string): void {
    if (!this.atOp(text)) throw syntaxError();
    this.next();
  }
  identifier(): string {
    const token = this.next();
    if (token.kind !== "name" || isKeyword(token.text)) throw syntaxError();
    return token.text;
  }

  expression(): Expr {
    let left = this.primary();
    while (this.atOp("|")) {
      this.next();
      left = { kind: "or", left, right: this.primary() };
    }
    return left;
  }

  private primary(): Expr {
    const token = this.next();
    let expr: Expr;
    if (token.kind === "name") {
      if (token.text === "None") expr = { kind: "constant", value: null };
      else if (token.text === "True" || token.text === "False")
        expr = { kind: "constant", value: token.text === "True" };
      else if (isKeyword(token.text)) throw syntaxError();
      else expr = { kind: "name", path: [token.text] };
    } else if (token.kind === "string") {
      expr = { kind: "constant", value: token.value };
      while (this.at("string"))
        expr = { kind: "constant", value: `${expr.value as string}${(this.next() as { value: string }).value}` };
    } else if (token.kind === "number") {
      expr = { kind: "constant", value: token.value };
    } else if (token.kind === "op" && token.text === "...") {
      expr = { kind: "constant", value: ELLIPSIS };
    } else {
      throw syntaxError();
    }
    for (;;) {
      if (this.atOp(".") && expr.kind === "name") {
        this.next();
        expr = { kind: "name", path: [...expr.path, this.identifier()] };
      } else if (this.atOp("[")) {
        this.next();
        const args = [this.expression()];
        while (this.atOp(",")) {
          this.next();
          if (this.atOp("]")) break;
          args.push(this.expression());
        }
        this.expectOp("]");
        expr = { kind: "subscript", base: expr, args };
      } else {
        return expr;
      }
    }
  }
}

const SPECIAL: Record<string, SpecialTypeName> = {
  History: "History",
  Image: "Image",
  Tool: "Tool",
  ToolCalls: "ToolCalls",
  Reasoning: "Reasoning",
};

const SIMPLE: Record<string, TypeNode> = {
  str: { kind: "str" },
  int: { kind: "int" },
  float: { kind: "float" },
  bool: { kind: "bool" },
  NoneType: { kind: "none" },
  Any: { kind: "any" },
};

const GENERIC: Record<string, "list" | "dict" | "tuple"> = {
  list: "list",
  List: "list",
  dict: "dict",
  Dict: "dict",
  tuple: "tuple",
  Tuple: "tuple",
};

function resolve(expr: Expr, customTypes: Record<string, TypeNode>): TypeNode {
  switch (expr.kind) {
    case "constant":
      if (expr.value === ELLIPSIS) return { kind: "ellipsis" };
      if (expr.value === null) return { kind: "none" };
      throw new SignatureError(`Unsupported annotation constant: ${String(expr.value)}`);
    case "or": {
      const left = resolve(expr.left, customTypes);
      const right = resolve(expr.right, customTypes);
      return makeUnion([left, right]);
    }
    case "name":
      return resolveName(expr.path, customTypes);
    case "subscript":
      return resolveSubscript(expr, customTypes);
  }
}

function resolveName(path: string[], customTypes: Record<string, TypeNode>): TypeNode {
  const dotted = path.join(".");
  const custom = customTypes[dotted];
  if (custom) return custom;
  const last = path[path.length - 1] as string;
  const qualified = path.length === 1 || (path.length === 2 && (path[0] === "dspy" || path[0] === "typing"));
  if (qualified) {
    const simple = SIMPLE[last];
    if (simple) return simple;
    const special = SPECIAL[last];
    if (special && (path.length === 1 || path[0] === "dspy")) return { kind: "special", name: special };
    const generic = GENERIC[last];
    if (generic) return { kind: generic, args: [] };
  }
  throw new SignatureError(path.length === 1 ? `Unknown name: ${last}` : `Unknown attribute: ${last} on ${path[0]}`);
}

function resolveSubscript(expr: Extract<Expr, { kind: "subscript" }>, customTypes: Record<string, TypeNode>): TypeNode {
  const base = expr.base.kind === "name" ? expr.base.path[expr.base.path.length - 1] : undefined;
  if (base === "Literal") {
    return {
      kind: "literal",
      values: dedupeLiterals(
        expr.args.map((arg) => {
          if (arg.kind !== "constant" || arg.value === ELLIPSIS)
            throw new SignatureError("Literal values must be constants");
          return arg.value;
        }),
      ),
    };
  }
  const args = expr.args.map((arg) => resolve(arg, customTypes));
  if (base === "Union") return makeUnion(args);
  if (base === "Optional") {
    if (args.length !== 1) throw new SignatureError("Optional must have exactly one type argument");
    return makeUnion([args[0] as TypeNode, { kind: "none" }]);
  }
  const resolved = resolve(expr.base, customTypes);
  if (resolved.kind === "list" || resolved.kind === "dict" || resolved.kind === "tuple") {
    return { kind: resolved.kind, args };
  }
  throw new SignatureError(`Type ${base ?? "expression"} is not subscriptable`, { pythonType: "TypeError" });
}

function dedupeLiterals(values: LiteralValue[]): LiteralValue[] {
  const seen: LiteralValue[] = [];
  for (const value of values) {
    if (!seen.some((existing) => existing === value && typeof existing === typeof value)) seen.push(value);
  }
  return seen;
}
