import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const server = process.env['TIERLINE_DEV_SERVER'] ?? 'http://127.0.0.1:8787';

export default defineConfig({
  // The app lives in src/ui (index.html included); the build lands in dist/, which the server serves.
  root: 'src/ui',
  plugins: [react()],
  build: { outDir: '../../dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    root: projectRoot,
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Seeded fuzz and real-server suites do seconds of CPU work; on a busy 2-core machine the default 5 s
    // fails them for being slow, which is the benchmarks' business, not the tests'.
    testTimeout: 60_000,
    // Tests that spawn `tierline` or the server run the compiled build, as users do.
    globalSetup: ['test/setup/compiled-build.global.ts'],
  },
});
