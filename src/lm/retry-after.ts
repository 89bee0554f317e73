/**
 * Reads a provider's retry hint from response headers, in seconds. OpenAI sends `retry-after-ms`;
 * the standard `Retry-After` is either delta-seconds or an HTTP date. Unparseable, negative or
 * non-finite hints are ignored (DSPy's `retry_after_seconds`).
 *
 * @example
 * retryAfterSeconds({ "retry-after": "2" });        // 2
 * retryAfterSeconds({ "retry-after-ms": "1500" });  // 1.5
 * retryAfterSeconds({});                            // undefined
 */
export function retryAfterSeconds(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = finiteSeconds(lower["retry-after-ms"]);
  if (milliseconds !== undefined) return milliseconds / 1000;
  const value = lower["retry-after"];
  const seconds = finiteSeconds(value);
  if (seconds !== undefined) return seconds;
  // Only something that reads like an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse
  // alone would accept "-1" as a year.
  if (value === undefined || !/[a-z]{3}/i.test(value)) return undefined;
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, (when - now()) / 1000);
}

function finiteSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}
