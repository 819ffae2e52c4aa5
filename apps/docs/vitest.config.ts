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
      testTimeout: 120_000,
    },
  }),
);
