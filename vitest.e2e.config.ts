import { defineConfig } from "vitest/config";

// Browser tests of the dashboard: Debian's Chromium driven by playwright-core
// (npm run test:e2e installs Chromium first). One file at a time; a browser start takes seconds.
export default defineConfig({
  test: {
    include: ["test/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
