import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `apps/docs`, whatever the working directory. */
export const APP_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The monorepo root, two levels above the app. */
export const REPOSITORY_ROOT = resolve(APP_DIRECTORY, '../..');

/** Where the library packages live; the API reference covers every one of them. */
export const PACKAGES_DIRECTORY = resolve(REPOSITORY_ROOT, 'packages');

/** The site's Markdown pages (VitePress's `srcDir`). */
export const CONTENT_DIRECTORY = resolve(APP_DIRECTORY, 'content');

/**
 * Where TypeDoc writes the API reference's pages, inside the site's pages. Generated at every
 * build and git-ignored (see `.vitepress/api-reference.ts`).
 */
export const API_DIRECTORY = resolve(CONTENT_DIRECTORY, 'api');
