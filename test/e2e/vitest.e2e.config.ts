import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:e2e`, which builds first): real server, real Chromium. Kept out
 * of the unit run (vite.config.ts excludes test/e2e) because it needs the built app and a browser.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    // One Chromium at a time: the suite is about correctness under concurrency inside a test, not speed.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
