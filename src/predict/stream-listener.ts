import type { Adapter } from "../adapters/adapter.js";
import { JiterError, jiterParse } from "../utils/jiter-parse.js";
import { pyLstrip, pyRstrip, pyStrip } from "../utils/py-string.js";
import { type AdapterMarkers, adapterMarkers } from "./stream-markers.js";
import { StreamResponse } from "./stream-messages.js";

/** Options for {@link StreamListener}. */
export interface StreamListenerOptions {
  /** The output field to stream. */
  signatureFieldName: string;
  /** The predictor to listen to; by default the one predictor of the program with this output field. */
  predict?: object;
  /** Its name in the program (reported in each {@link StreamResponse}). */
  predictName?: string;
  /** Listen again each time the predictor is called (default: only its first call in a run). */
  allowReuse?: boolean;
}

// The listener holds back up to this many chunks that might be the start of the next field's marker.
const HELD_CHUNKS = 10;

/**
 * DSPy's `StreamListener`: follows an LM's text stream and yields the value of one output field
 * as it arrives. It waits for the field's start marker (`[[ ## answer ## ]]`, `"answer":`,
 * `<answer>` for the Chat, JSON and XML adapters), then passes text on while holding back the
 * last few chunks that could be the next marker, so markers never leak into the chunks even when
 * a provider splits them. Chunk boundaries are DSPy 3.4.1's exactly. A listener is stateful; give
 * `streamify` fresh ones or let it copy them per call.
 *
 * @example
 * const listener = new StreamListener({ signatureFieldName: "answer" });
 * listener.receive("[[ ## answer ## ]]\nPar", adapter); // StreamResponse { chunk: "Par", ... }
 */
export class StreamListener {
  readonly signatureFieldName: string;
  readonly predict: object | undefined;
  readonly predictName: string | undefined;
  readonly allowReuse: boolean;
  /** Whether the field's start marker has been seen. */
  streamStart = false;
  /** Whether the field has ended (its last chunk was sent). */
  streamEnd = false;
  /** Whether the whole field came in one chunk (a cached response): nothing is streamed then. */
  cacheHit = false;
  #startQueue: string[] = [];
  #endQueue: string[] = [];
  #jsonAccumulated = "";
  #valueStarted = false;
  #heldWhitespace = "";
  #markers: AdapterMarkers | undefined;
  #adapter: Adapter | undefined;

  constructor(options: StreamListenerOptions) {
    this.signatureFieldName = options.signatureFieldName;
    this.predict = options.predict;
    this.predictName = options.predictName;
    this.allowReuse = options.allowReuse ?? false;
  }

  /**
   * A fresh listener with the same settings, bound to `predict` (and its name).
   *
   * @example
   * const perCall = listener.copy(program.answer, "answer");
   */
  copy(predict: object | undefined = this.predict, predictName: string | undefined = this.predictName): StreamListener {
    return new StreamListener({
      signatureFieldName: this.signatureFieldName,
      allowReuse: this.allowReuse,
      ...(predict === undefined ? {} : { predict }),
      ...(predictName === undefined ? {} : { predictName }),
    });
  }

  /**
   * Takes the next text delta of the listened predictor's LM stream, formatted by `adapter`;
   * returns a field chunk when there is one to pass on.
   *
   * @example
   * for (const delta of deltas) { const out = listener.receive(delta, adapter); if (out) send(out); }
   */
  receive(chunk: string, adapter: Adapter): StreamResponse | undefined {
    if (adapter !== this.#adapter) {
      this.#markers = adapterMarkers(adapter, this.signatureFieldName);
      this.#adapter = adapter;
    }
    const markers = this.#markers as AdapterMarkers;
    const { start } = markers;
    if (this.streamEnd) {
      if (!this.allowReuse) return undefined;
      this.#reset();
    }
    let message = chunk;
    if (message.includes(start) && markers.kind !== "json") {
      // The whole field in one chunk: a cached response replayed, or a provider sending big chunks.
      // DSPy ends listening there and streams nothing; the final Prediction carries the value.
      const after = message.slice(message.indexOf(start) + start.length);
      if (markers.endPattern.test(after)) {
        this.cacheHit = true;
        this.streamStart = true;
        this.streamEnd = true;
        return undefined;
      }
    }
    if (this.#startQueue.length === 0 && !this.streamStart && message.includes(markers.startIndicator)) {
      this.#startQueue.push(message);
      return undefined;
    }
    if (this.#startQueue.length > 0 && !this.streamStart) {
      this.#startQueue.push(message);
      const joined = this.#startQueue.join("");
      if (joined.includes(start)) {
        this.streamStart = true;
        this.#startQueue = [];
        message = pyLstrip(joined.slice(joined.indexOf(start) + start.length));
        // The JSON end is found by parsing; "{" makes the field's key the first of an object.
        if (markers.kind === "json") this.#jsonAccumulated += `{${start}`;
      } else if (endsWithStartOf(pyStrip(joined), start)) {
        return undefined;
      } else {
        this.#startQueue = [];
        return undefined;
      }
    }
    if (!this.streamStart || !message) return undefined;
    this.#endQueue.push(message);
    let token: string | undefined;
    if (!couldFormEnd(pyStrip(this.#endQueue.join("")), markers)) token = this.flush();
    else if (this.#endQueue.length > HELD_CHUNKS) token = this.#endQueue.shift();
    return markers.kind === "json" ? this.#jsonChunk(token, message) : this.#markerChunk(token, markers);
  }

  /**
   * At the end of the LM stream: the text still held back, as the field's last chunk (or
   * `undefined` when there is none or the field already ended).
   *
   * @example
   * const last = listener.finalize();
   */
  finalize(): StreamResponse | undefined {
    if (this.streamEnd || !this.streamStart) return undefined;
    this.streamEnd = true;
    if (this.#endQueue.length === 0) return undefined;
    const token = this.flush();
    return token ? this.#response(this.#heldWhitespace + token) : undefined;
  }

  /**
   * Empties the held-back chunks and returns their text up to the next field's marker.
   *
   * @example
   * listener.flush(); // "Paris"
   */
  flush(): string {
    const last = this.#endQueue.join("");
    this.#endQueue = [];
    const kind = this.#markers?.kind ?? "chat";
    if (kind === "json") return last;
    const boundary = last.indexOf(kind === "xml" ? `</${this.signatureFieldName}>` : "[[");
    return boundary === -1 ? last : last.slice(0, boundary);
  }

  // The JSON adapter's field ends where the accumulated text parses as a whole object, or where a
  // partial parse finds a second key.
  #jsonChunk(token: string | undefined, message: string): StreamResponse | undefined {
    this.#jsonAccumulated += message;
    if (pyRstrip(this.#jsonAccumulated).endsWith("}")) {
      if (parseObject(this.#jsonAccumulated, false)) {
        this.streamEnd = true;
        const last = this.flush();
        const cut = last.slice(0, last.lastIndexOf("}"));
        return this.#response(token ? token + cut : cut);
      }
    }
    let output = token;
    const parsed = parseObject(this.#jsonAccumulated, true);
    if (parsed && parsed.size > 1) {
      this.streamEnd = true;
      const last = this.flush();
      const next = [...parsed.keys()].find((key) => key !== this.signatureFieldName) as string;
      // Python's find() gives -1 when absent, and [:-1] then drops the last character; slice(0, -1) agrees.
      const cut = last.slice(0, last.indexOf(next));
      output = output ? output + cut : cut;
    }
    return output || this.streamEnd ? this.#response(output ?? "") : undefined;
  }

  // Chat and XML: the field ends at the next marker; surrounding whitespace is trimmed as the parser does.
  #markerChunk(token: string | undefined, markers: AdapterMarkers): StreamResponse | undefined {
    let output = token;
    if (markers.endPattern.test(pyStrip(this.#endQueue.join("")))) {
      this.streamEnd = true;
      const last = this.flush();
      output = pyRstrip(output ? output + last : last);
    }
    if (output && !this.#valueStarted) output = pyLstrip(output);
    if (output) {
      const stripped = pyRstrip(output);
      if (stripped) {
        this.#valueStarted = true;
        [output, this.#heldWhitespace] = [this.#heldWhitespace + stripped, output.slice(stripped.length)];
      } else {
        this.#heldWhitespace += output;
        output = "";
      }
    }
    return output || this.streamEnd ? this.#response(output ?? "") : undefined;
  }

  #response(chunk: string): StreamResponse {
    return new StreamResponse(this.predictName ?? null, this.signatureFieldName, chunk, this.streamEnd);
  }

  #reset(): void {
    this.streamEnd = false;
    this.cacheHit = false;
    this.#startQueue = [];
    this.#endQueue = [];
    this.#jsonAccumulated = "";
    this.streamStart = false;
    this.#valueStarted = false;
    this.#heldWhitespace = "";
  }
}

/** Whether some non-empty suffix of `text` begins `start` (the marker may be arriving). */
function endsWithStartOf(text: string, start: string): boolean {
  for (let index = text.length - 1; index >= 0; index--) if (start.startsWith(text.slice(index))) return true;
  return false;
}

/** Whether the held text could still become the next field's marker (else it is safe to pass on). */
function couldFormEnd(text: string, markers: AdapterMarkers): boolean {
  return markers.endPrefixes.some((prefix) => text.endsWith(prefix)) || text.includes(markers.endContains);
}

/** The object jiter parses from `text` (which starts with "{"), or `undefined` where jiter raises. */
function parseObject(text: string, partial: boolean): Map<string, unknown> | undefined {
  try {
    const value = jiterParse(text, { partial });
    return value instanceof Map ? value : undefined;
  } catch (error) {
    if (error instanceof JiterError) return undefined;
    throw error;
  }
}
