/** Child process for the GEPA SIGKILL test: runs GEPA slowly until killed. */
import { context } from "../../../src/predict/settings.js";
import { compileJob } from "../../../src/runtime/compile-job.js";
import { SqliteRunStore } from "../../../src/runtime/sqlite-run-store.js";
import { gepaScenario } from "./gepa-scenario.js";

const [path, runId] = process.argv.slice(2) as [string, string];
const { lm, optimizer, student, trainset, valset } = gepaScenario({ delayMs: 15 });
const store = new SqliteRunStore({ path });
await context({ lm }, () => compileJob(optimizer, student, { trainset, valset }, { runId, store }).result);
