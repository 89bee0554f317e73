"""Golden prompts of GEPA's InstructionProposer (src/optimizers/gepa-instruction-proposal.ts), DSPy 3.4.1.

    .venv-oracle/bin/python scripts/oracle/make_gepa_proposer_fixtures.py > src/optimizers/__fixtures__/gepa-proposer-golden.json

Each case runs `InstructionProposer(**options)` on one reflective dataset with a reflection LM that
answers from a list (the draft, then the compressed text when max_chars asks for it), and records
every request's messages and the returned instructions (or the error type).
"""
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.teleprompt.gepa import InstructionProposer  # noqa: E402
from run_py import plain_json  # noqa: E402


class ListLM(BaseLM):
    def __init__(self, answers):
        super().__init__("oracle/reflection", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        self.answers = list(answers)
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append(plain_json(messages))
        text = self.answers.pop(0)
        return {"model": self.model, "usage": {}, "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]}


DATASET = {
    "draft.predict": [
        {"Inputs": {"word": "piano"}, "Generated Outputs": {"reasoning": "It is a word.", "hint": "none"},
         "Feedback": "Expected ONAIP: the hint must be reverse."},
        {"Inputs": {"word": "tiger", "note": "naïve — “quoted”"}, "Generated Outputs": {"hint": "none"},
         "Feedback": "Correct."},
    ],
    "final": [{"Inputs": {"word": "x"}, "Generated Outputs": "Couldn't parse.", "Feedback": "Follow the format."}],
}
CANDIDATE = {"draft.predict": "Given the fields `word`, produce the fields `hint`.", "final": "Answer."}

CASES = [
    ("default", {}, ['{"new_instruction": "  Reverse the word.  "}', '{"new_instruction": "Use the format."}'],
     ["draft.predict", "final"]),
    ("additional-instructions", {"additional_instructions": "  Write in imperative voice. "},
     ['{"new_instruction": "Reverse it."}'], ["draft.predict"]),
    ("max-chars-compressed", {"max_chars": 20},
     ['{"new_instruction": "Reverse the word carefully, then upper-case every letter."}',
      '{"shortened_instruction": "Reverse; upper-case."}'], ["draft.predict"]),
    ("max-chars-too-long", {"max_chars": 10},
     ['{"new_instruction": "Reverse the word carefully."}', '{"shortened_instruction": "Still far too long."}'],
     ["draft.predict"]),
    ("base-instructions", {"base_instructions": "Write a better instruction.", "max_chars": 200},
     ['{"new_instruction": "Reverse."}'], ["draft.predict"]),
    ("empty-answer", {}, ['{"new_instruction": "   "}'], ["draft.predict"]),
    ("skills", {"skills": ["src/optimizers/__fixtures__/skills/prompting", "src/optimizers/__fixtures__/skills/style.md",
                           "## Domain notes\nWords of type R are reversed; this line is long enough to be cut at sixty characters.",
                           "Be terse."],
                "additional_instructions": "Mention the hint."},
     ['{"new_instruction": "Reverse it."}'], ["draft.predict"]),
    ("skills-missing-path", {"skills": "./no/such/skill.md"}, [], ["draft.predict"]),
]

out = []
for name, options, answers, components in CASES:
    lm = ListLM(answers)
    result, error = None, None
    try:
        proposer = InstructionProposer(**options)
        with dspy.context(lm=lm):
            result = proposer(candidate=CANDIDATE, reflective_dataset=DATASET, components_to_update=components)
    except Exception as exc:  # noqa: BLE001
        error = type(exc).__name__
    out.append({"name": name, "options": options, "answers": answers, "components": components,
                "requests": lm.requests, "result": result, "error": error})
print(json.dumps({"dspy": dspy.__version__, "candidate": CANDIDATE, "dataset": DATASET, "cases": out}, indent=1,
                 ensure_ascii=False))
