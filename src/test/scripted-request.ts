import type { IncomingMessage } from "node:http";

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`undefined` if it was not JSON). */
  body: Record<string, unknown> | undefined;
  rawBody: string;
  /** Text of the last user message ("" if none); for a text completion, its whole prompt. */
  lastUserMessage: string;
}

/**
 * Reads a request to the scripted server completely: method, path, headers, raw and parsed body,
 * and the text of its last user message (which rules match against).
 *
 * @example
 * const recorded = await recordRequest(request); // { path: "/v1/chat/completions", lastUserMessage: "hi", ... }
 */
export async function recordRequest(request: IncomingMessage): Promise<RecordedRequest> {
  const rawBody = await readBody(request);
  const body = parseJson(rawBody);
  return {
    method: request.method ?? "GET",
    path: new URL(request.url ?? "/", "http://127.0.0.1").pathname,
    headers: { ...request.headers },
    body,
    rawBody,
    lastUserMessage: lastUserText(body),
  };
}

function lastUserText(body: Record<string, unknown> | undefined): string {
  if (typeof body?.prompt === "string") return body.prompt;
  const messages = Array.isArray(body?.messages) ? (body.messages as { role?: string; content?: unknown }[]) : [];
  const last = messages.filter((message) => message.role === "user").at(-1);
  if (typeof last?.content === "string") return last.content;
  if (!Array.isArray(last?.content)) return "";
  return (last.content as { type?: string; text?: string }[])
    .filter((part) => part.type === "text")
    .map((part) => part.text ?? "")
    .join("\n");
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
