import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The reliability suite runs on its own afterwards (vitest.reliability.config.ts): it measures
    // timeouts and kills processes, and must not share two cores with the rest of the suite.
    exclude: [
      "**/node_modules/**",
      "**/.git/**",
      "**/*.bridge.test.ts",
      "**/*.e2e.test.ts",
      "**/*.scale.test.ts",
      "test/reliability/**",
    ],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
