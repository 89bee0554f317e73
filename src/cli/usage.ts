/** The top-level help. */
export const MAIN_USAGE = `dspy-typescript — run, evaluate and optimize DSPy programs as jobs

Usage:
  dspy-typescript run      <program> <data.jsonl> [options]   run the program on every row
  dspy-typescript eval     <program> <data.jsonl> [options]   score it with the module's metric
  dspy-typescript optimize <program> <data.jsonl> --out <file.json> [options]
  dspy-typescript serve    --store <runs.db> [--host h] [--port n] [--token t]
  dspy-typescript inspect  --store <runs.db> [run-id] [--json] [--candidate i]
  dspy-typescript worker   <program> --redis <redis://host:port> [options]   distributed evaluation worker
  dspy-typescript bridge setup [--venv dir] [--check]          create/check the Python DSPy bridge env

<program> is a .ts/.js module exporting \`program\` (and \`metric\` for eval/optimize, and
optionally \`lm\`); <data.jsonl> has one JSON object per line.

Run 'dspy-typescript <command> --help' for a command's options.

Exit codes: 0 ok · 1 job failed · 2 usage error · 3 bad input file · 130 cancelled (Ctrl-C)`;

const JOB_OPTIONS = `Options:
  --input-keys a,b     fields of each row that are inputs (default: the program's input fields)
  --concurrency n      examples at once (default 8)
  --model p/name       LM to use, e.g. openai/gpt-4o-mini (default: the module's \`lm\` export)
  --base-url url       API base URL for an OpenAI-compatible server
  --no-cache           do not use the LM response cache
  --max-errors n       stop after this many failed examples (default 10)
  --store runs.db      SQLite run store; with --run-id, a rerun resumes instead of starting over
  --run-id id          name of the run (default: a new UUID)
  --serve              also serve the live dashboard for this job (see --port)
  --port n             dashboard port with --serve (default 4173)
  --json               print one JSON document on stdout instead of text
  -h, --help           show this help

API keys come from the provider's environment variable (OPENAI_API_KEY, ...). Ctrl-C cancels
the job gracefully (exit 130); finished examples stay in the store for a resume.`;

/** Help per command. */
export const COMMAND_USAGE: Record<string, string> = {
  run: `Usage: dspy-typescript run <program> <data.jsonl> [options]

Runs the program on every row and prints its outputs.

${JOB_OPTIONS}`,
  eval: `Usage: dspy-typescript eval <program> <data.jsonl> [options]

Runs the program on every row, scores each output with the module's \`metric\` export and
prints the average score (0-100).

${JOB_OPTIONS}`,
  optimize: `Usage: dspy-typescript optimize <program> <data.jsonl> --out <program.json> [options]

Compiles the program on the rows (the trainset) with an optimizer and saves the optimized
program's state (DSPy's JSON layout; load it with \`program.load(path)\`).

  --out file.json      where to save the optimized program (required)
  --optimizer name     bootstrap (default), random-search or labeled
  --valset data.jsonl  validation rows for random-search (default: the trainset)
  --max-demos n        bootstrapped demos per predictor (default 4)
  --candidates n       candidate programs for random-search (default 16)

${JOB_OPTIONS}`,
  serve: `Usage: dspy-typescript serve --store <runs.db> [options]

Serves the dashboard for the runs in a store (runs of other processes show live too).

  --store runs.db      SQLite run store to show (required)
  --host h             interface to bind (default 127.0.0.1); any other needs a token
  --port n             port (default 4173; 0 for any free port)
  --token t            bearer token the API requires (default: $DSPY_DASHBOARD_TOKEN)
  --json               print {"url": ...} once listening
  -h, --help           show this help`,
  inspect: `Usage: dspy-typescript inspect --store <runs.db> [run-id] [options]

Lists the runs in a store, or shows one run: status, progress, score, trials, candidate
programs and per-example results.

  --store runs.db      SQLite run store (required)
  --limit n            results shown in text mode (default 20; --json shows all)
  --candidate i        print candidate program i of the run as DSPy JSON (loadable with load())
  --json               print JSON instead of text
  -h, --help           show this help`,
  worker: `Usage: dspy-typescript worker <program> --redis <redis://host:port> [options]

Takes examples of distributed evaluations (DistributedEvaluator) from a BullMQ queue on Redis,
runs the module's \`program\` (loaded with each evaluation's saved state) and \`metric\` on them,
and answers with the prediction and score, until Ctrl-C (running examples finish first).

  --redis url          Redis server (default: $DSPY_REDIS_URL)
  --queue name         queue to take examples from (default dspy-evaluate)
  --concurrency n      examples at once (default 4)
  --model p/name       LM to use (default: the module's \`lm\` export)
  --base-url url       API base URL for an OpenAI-compatible server
  --no-cache           do not use the LM response cache
  --shared-cache       with --model: share LM responses with every process on this Redis
  --requests-per-minute n   limit this worker's LM requests
  --lock-duration ms   how long a dead worker's example stays locked before another takes it (default 30000)
  --json               print JSON lines (ready, stopped) instead of text
  -h, --help           show this help`,
  bridge: `Usage: dspy-typescript bridge setup [--venv <dir>] [--python <exe>] [--check] [--json]

Creates the Python env the DSPy bridge workers run in (default <package>/.venv-bridge, or
$BRIDGE_VENV) from the pinned lock scripts/bridge/requirements.lock (dspy 3.4.1 and every
dependency), reusing it when it was built from the same lock, then checks it against
scripts/bridge/bridge-lock.json: Python version, platform, package versions, file hashes.

Options:
  --venv dir      where the env lives
  --python exe    the interpreter to build it with (default python3; the lock was made on 3.11)
  --check         only check an existing env against the lock
  --json          print the check as one JSON document
  -h, --help      show this help

Needs python3 with the venv module and access to PyPI (for a fresh env).`,
};
