# Generates inspect-history.json with DSPy 3.4.1: python inspect-history.py > inspect-history.json
import io, json, contextlib
from dspy.utils.inspect_history import pretty_print_history
h = [
 {"prompt": None, "messages": [{"role": "system", "content": "  You are terse.\n"}, {"role": "user", "content": "What is 2+2?  "}],
  "outputs": ["  4 \n", "four"], "timestamp": "2026-01-02T03:04:05.006000"},
 {"prompt": None, "messages": [{"role": "user", "content": [
     {"type": "text", "text": " Describe these. "},
     {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
     {"type": "input_audio", "input_audio": {"format": "wav", "data": "UklGRg=="}},
     {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0="}}]},
   {"role": "assistant", "content": "Calling.", "tool_calls": [{"id": "call_0", "type": "function", "function": {"name": "search", "arguments": "{\"q\": \"caf\u00e9\", \"k\": 2}"}}]},
   {"role": "tool", "content": "result", "tool_call_id": "call_0"}],
  "outputs": [{"text": "Done.", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "finish", "arguments": "{}"}}]}],
  "timestamp": "2026-01-02T03:04:06"},
 {"prompt": None, "messages": [{"role": "user", "content": "Use a tool"}],
  "outputs": [{"text": None, "tool_calls": [{"id": "c2", "type": "function", "function": {"name": "lookup", "arguments": "not json"}}]}, {"text": "x", "tool_calls": []}],
  "timestamp": "2026-01-02T03:04:07.5"},
]
buf = io.StringIO(); pretty_print_history(h, 3, file=buf); plain = buf.getvalue()
out = io.StringIO()
with contextlib.redirect_stdout(out): pretty_print_history(h[:1], 1)
print(json.dumps({"history": h, "plain": plain, "colored": out.getvalue()}, ensure_ascii=False))
