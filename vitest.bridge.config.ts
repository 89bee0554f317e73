import { defineConfig } from "vitest/config";

// The bridge tests run real Python DSPy workers (npm run test:bridge builds .venv-bridge first).
// Worker start includes DSPy's import (seconds on a loaded machine), hence the generous timeouts;
// files run one at a time so two pools never compete for a 2-core CI box.
export default defineConfig({
  test: {
    include: ["src/**/*.bridge.test.ts", "test/**/*.bridge.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
