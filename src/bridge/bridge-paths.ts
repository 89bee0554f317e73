import { fileURLToPath } from "node:url";

/**
 * Where the bridge's files live, resolved from this module (the same relative layout holds in
 * `src/bridge` and `dist/bridge`): the proto, the worker script and the default venv's Python.
 *
 * @example
 * bridgePaths().python; // "/path/to/dspy-typescript/.venv-bridge/bin/python"
 */
export function bridgePaths(): { root: string; proto: string; worker: string; python: string } {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  return {
    root,
    proto: `${root}proto/bridge.proto`,
    worker: `${root}scripts/bridge/worker.py`,
    python: `${root}.venv-bridge/bin/python`,
  };
}
