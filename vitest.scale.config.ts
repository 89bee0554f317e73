import { defineConfig } from "vitest/config";

// The distribution tests: a real redis-server (test/scale/global-setup.ts starts one on a free
// loopback port and stops it), real worker child processes, a scripted LM server. Worker start
// includes loading TypeScript through tsx (seconds on a loaded 2-core box), hence the timeouts;
// files run one at a time so their worker pools do not compete.
export default defineConfig({
  test: {
    include: ["test/scale/**/*.scale.test.ts"],
    globalSetup: ["test/scale/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
