/** Child process for the SIGKILL resume test: runs the scenario slowly until killed. */
import { context } from "../../predict/settings.js";
import { evaluateJob } from "../evaluate-job.js";
import { SqliteRunStore } from "../sqlite-run-store.js";
import { evaluateScenario } from "./evaluate-scenario.js";

const [path, runId] = process.argv.slice(2) as [string, string];
const { devset, lm, program, metric } = evaluateScenario({ delayMs: 150 });
const store = new SqliteRunStore({ path });
await context({ lm }, () => evaluateJob(program, { devset, metric, numThreads: 2, runId, store }).result);
