export type { Message } from "../lm/message.js";

/** A few-shot demo or a conversation turn: field names to values. Extra keys are ignored. */
export type Demo = Record<string, unknown>;
