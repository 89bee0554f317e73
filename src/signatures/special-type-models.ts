import { SignatureError } from "../errors/signature-error.js";
import type { SpecialTypeName, TypeNode } from "./type-node.js";

/** A model as pydantic sees it; DSPy's own models add `extra="forbid"`. */
export type ModelLike = Extract<TypeNode, { kind: "model" }> & { forbidExtra?: boolean };

/**
 * DSPy's own types as the pydantic models they are, so their JSON schema comes out as
 * `TypeAdapter(dspy.Image).json_schema()` does. `dspy.Tool` holds a callable and has no schema.
 *
 * @example
 * specialTypeModel("Image"); // { kind: "model", name: "Image", fields: [url: str], forbidExtra: true }
 */
export function specialTypeModel(name: SpecialTypeName): ModelLike {
  const model = MODELS[name];
  if (!model) {
    throw new SignatureError("Cannot generate a JsonSchema for core_schema.CallableSchema", {
      // pydantic raises PydanticInvalidForJsonSchema, a TypeError.
      pythonType: "TypeError",
    });
  }
  return model;
}

const HISTORY_DOC =
  'Class representing the conversation history.\n\nThe conversation history is a list of messages, each message entity should have keys from the associated signature.\nFor example, if you have the following signature:\n\n```\nclass MySignature(dspy.Signature):\n    question: str = dspy.InputField()\n    history: dspy.History = dspy.InputField()\n    answer: str = dspy.OutputField()\n```\n\nThen the history should be a list of dictionaries with keys "question" and "answer".\n\nExamples:\n    ```\n    import dspy\n\n    dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))\n\n    class MySignature(dspy.Signature):\n        question: str = dspy.InputField()\n        history: dspy.History = dspy.InputField()\n        answer: str = dspy.OutputField()\n\n    history = dspy.History(\n        messages=[\n            {"question": "What is the capital of France?", "answer": "Paris"},\n            {"question": "What is the capital of Germany?", "answer": "Berlin"},\n        ]\n    )\n\n    predict = dspy.Predict(MySignature)\n    outputs = predict(question="What is the capital of France?", history=history)\n    ```\n\nExample of capturing the conversation history:\n    ```\n    import dspy\n\n    dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))\n\n    class MySignature(dspy.Signature):\n        question: str = dspy.InputField()\n        history: dspy.History = dspy.InputField()\n        answer: str = dspy.OutputField()\n\n    predict = dspy.Predict(MySignature)\n    outputs = predict(question="What is the capital of France?")\n    history = dspy.History(messages=[{"question": "What is the capital of France?", **outputs}])\n    outputs_with_history = predict(question="Are you sure?", history=history)\n    ```';
const REASONING_DOC =
  "Reasoning type in DSPy.\n\nThis type is useful when you want the DSPy output to include the reasoning of the LM. We build this type so that\nDSPy can support the reasoning model and non-reasoning model with the same code.\n\nThis is a str-like type, you can convert a string directly to a Reasoning object, and from DSPy adapters'\nperspective, `Reasoning` is treated as a string.";

const TOOL_CALL: ModelLike = {
  kind: "model",
  name: "ToolCall",
  fields: [
    { name: "name", type: { kind: "str" }, required: true },
    { name: "args", type: { kind: "dict", args: [{ kind: "str" }, { kind: "any" }] }, required: true },
  ],
};

const MODELS: Partial<Record<SpecialTypeName, ModelLike>> = {
  History: {
    kind: "model",
    name: "History",
    description: HISTORY_DOC,
    forbidExtra: true,
    fields: [
      {
        name: "messages",
        type: { kind: "list", args: [{ kind: "dict", args: [{ kind: "str" }, { kind: "any" }] }] },
        required: true,
      },
    ],
  },
  Image: {
    kind: "model",
    name: "Image",
    forbidExtra: true,
    fields: [{ name: "url", type: { kind: "str" }, required: true }],
  },
  ToolCalls: {
    kind: "model",
    name: "ToolCalls",
    fields: [{ name: "tool_calls", type: { kind: "list", args: [TOOL_CALL] }, required: true }],
  },
  Reasoning: {
    kind: "model",
    name: "Reasoning",
    description: REASONING_DOC,
    fields: [{ name: "content", type: { kind: "str" }, required: true }],
  },
};
