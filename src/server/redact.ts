/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

// Key names are compared lowercased with `_`/`-` removed, so `api_key`, `apiKey` and `API-KEY`
// all match. Token *counts* (`prompt_tokens`, `total_tokens`) must stay visible, so only exact
// names are listed rather than anything containing "token".
const SECRET_KEYS = new Set([
  "apikey",
  "xapikey",
  "apikeys",
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "password",
  "passwd",
  "secret",
  "clientsecret",
  "secretkey",
  "accesstoken",
  "refreshtoken",
  "bearertoken",
  "sessiontoken",
  "idtoken",
  "token",
  "awssecretaccesskey",
  "privatekey",
]);

// Secrets embedded in free text (an error message quoting a header, a prompt pasted with a key):
// OpenAI/Anthropic-style `sk-…`, Google `AIza…`, and bearer credentials.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
];

/**
 * Whether a property name holds a credential (`api_key`, `apiKey`, `Authorization`, ...).
 *
 * @example
 * isSecretKey("api_key"); // true
 * isSecretKey("prompt_tokens"); // false
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ""));
}

/**
 * Replaces every credential-looking substring of `text`.
 *
 * @example
 * redactText("401: invalid key sk-abc123456789"); // "401: invalid key [REDACTED]"
 */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A deep copy of a JSON-like value with secrets removed: values under secret-named keys become
 * `"[REDACTED]"` and secret-looking substrings of every string are replaced. Every response
 * the dashboard API sends goes through this, because run stores hold whatever jobs emitted —
 * an error message or a prediction can quote a key.
 *
 * @example
 * redact({ model: "gpt-4o", api_key: "sk-live-123456", note: "Bearer abcdefgh" });
 * // { model: "gpt-4o", api_key: "[REDACTED]", note: "Bearer [REDACTED]" }
 */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[redactText(key)] = isSecretKey(key) && item !== null && item !== undefined ? REDACTED : redact(item);
    }
    return copy;
  }
  return value;
}
