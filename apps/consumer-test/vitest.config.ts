import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      // Packing, a real `npm install` from the registry and a Chromium run: give them room.
      hookTimeout: 300_000,
      testTimeout: 180_000,
    },
  }),
);
