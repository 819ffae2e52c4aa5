import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', '.vitepress/**/*.test.ts'],
      environment: 'node',
      // The browser test drives Chromium; its build (beforeAll) sets a longer limit of its own.
      hookTimeout: 240_000,
      // The browser tests wait for pages and models that load slowly while turbo runs every package's tests.
      testTimeout: 300_000,
    },
  }),
);
