/** Child process for the SIGKILL compile-resume test: runs BootstrapFewShot slowly until killed. */
import { context } from "../../predict/settings.js";
import { compileJob } from "../compile-job.js";
import { SqliteRunStore } from "../sqlite-run-store.js";
import { compileScenario } from "./compile-scenario.js";

const [path, runId] = process.argv.slice(2) as [string, string];
const { trainset, lm, optimizer, student } = compileScenario({ delayMs: 150 });
const store = new SqliteRunStore({ path });
await context({ lm }, () => compileJob(optimizer, student, { trainset }, { runId, store }).result);
