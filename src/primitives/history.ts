/**
 * DSPy's `dspy.History`: earlier turns of a conversation. Each message is a record keyed by the
 * signature's field names; an input field typed `History` turns them into chat turns.
 *
 * @example
 * new History([{ question: "Hi?", answer: "Hello." }]);
 */
export class History {
  constructor(readonly messages: readonly Record<string, unknown>[]) {}
}
