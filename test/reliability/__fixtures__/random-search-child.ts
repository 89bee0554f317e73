/** Child process for the random-search SIGKILL test: runs the search slowly until killed. */
import { context } from "../../../src/predict/settings.js";
import { compileJob } from "../../../src/runtime/compile-job.js";
import { SqliteRunStore } from "../../../src/runtime/sqlite-run-store.js";
import { randomSearchScenario } from "./random-search-scenario.js";

const [path, runId] = process.argv.slice(2) as [string, string];
const { lm, optimizer, student, trainset, valset } = randomSearchScenario({ delayMs: 40 });
const store = new SqliteRunStore({ path });
await context({ lm }, () => compileJob(optimizer, student, { trainset, valset }, { runId, store }).result);
