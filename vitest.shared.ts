import { defineConfig } from 'vitest/config';

/**
 * The vitest config every package shares. The `@ntm/source` condition makes workspace
 * imports resolve to each package's `src/index.ts`, so tests run without a build
 * (the TanStack "custom condition" pattern).
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@ntm/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@ntm/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
