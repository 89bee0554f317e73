import { defineConfig } from "vitest/config";

// Reliability tests (1,000-example Evaluate under injected HTTP faults, SIGKILL and resume, abort
// timing) run after the unit tests, one file at a time, so a loaded machine's scheduling cannot
// turn a generous timeout into a spurious failure. `npm test` runs both.
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
