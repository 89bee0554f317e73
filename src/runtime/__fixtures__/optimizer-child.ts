/** Child process for the optimizer SIGKILL resume tests: runs a scenario slowly until killed. */
import { context } from "../../predict/settings.js";
import { compileJob } from "../compile-job.js";
import { SqliteRunStore } from "../sqlite-run-store.js";
import { type OptimizerScenarioName, optimizerScenario } from "./optimizer-scenarios.js";

const [path, runId, name] = process.argv.slice(2) as [string, string, OptimizerScenarioName];
const { lm, optimizer, student, compileOptions } = optimizerScenario(name, { delayMs: 15 });
const store = new SqliteRunStore({ path });
await context({ lm }, () => compileJob(optimizer, student, compileOptions, { runId, store }).result);
