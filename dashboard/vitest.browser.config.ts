import { defineConfig } from 'vitest/config';

// Browser tests: one real Qyl.Hub per file, Debian's chromium, run one file at a time on a small machine.
export default defineConfig({
  test: {
    include: ['browser-tests/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
