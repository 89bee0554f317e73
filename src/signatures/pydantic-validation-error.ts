import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { inputRepr, inputType } from "./input-repr.js";

const PYDANTIC_VERSION = "2.14";

/**
 * Builds a {@link ValidationError} with pydantic's rendering of `str(ValidationError)`.
 *
 * @example
 * pydanticValidationError("int", [{ type: "int_type", loc: [], msg: "Input should be a valid integer", input: null }]);
 * // message: "1 validation error for int\n  Input should be a valid integer [type=int_type, input_value=None, ..."
 */
export function pydanticValidationError(title: string, issues: ValidationIssue[]): ValidationError {
  const count = issues.length;
  const lines = issues.map((issue) => {
    const loc = issue.loc.length > 0 ? `${issue.loc.map(locText).join(".")}\n` : "";
    return (
      `${loc}  ${issue.msg} [type=${issue.type}, input_value=${truncateRepr(inputRepr(issue.input))}, ` +
      `input_type=${inputType(issue.input)}]\n    For further information visit ` +
      `https://errors.pydantic.dev/${PYDANTIC_VERSION}/v/${issue.type}`
    );
  });
  const message = `${count} validation error${count === 1 ? "" : "s"} for ${title}\n${lines.join("\n")}`;
  return new ValidationError(title, issues, message);
}

function locText(item: string | number): string {
  return typeof item === "string" && item.includes(".") ? `\`${item}\`` : String(item);
}

/** pydantic-core's `write_truncated_to_limited_bytes(repr, 50)`: counted in UTF-8 bytes. */
function truncateRepr(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 50) return text;
  const isContinuation = (index: number) => ((bytes[index] as number) & 0xc0) === 0x80;
  let head = 25;
  while (head > 0 && isContinuation(head)) head--;
  let tail = bytes.length - 24;
  while (tail < bytes.length && isContinuation(tail)) tail++;
  const decoder = new TextDecoder();
  return `${decoder.decode(bytes.subarray(0, head))}...${decoder.decode(bytes.subarray(tail))}`;
}
