import { fileURLToPath } from "node:url";
import type { Session } from "../../src/bridge/session.js";

/** Puts test/bridge/fixtures/bridge_fixtures.py on the worker's sys.path (worker-wide, idempotent). */
export async function useFixtures(session: Session): Promise<void> {
  const dir = fileURLToPath(new URL("./fixtures", import.meta.url));
  const path = (await session.call("sys", "path.__contains__", [dir])) as boolean;
  if (!path) await session.call("sys", "path.append", [dir]);
}

/** Polls until `condition` holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
