import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveFolder } from './serve-folder.js';

/** Debian's Chromium (docs/toolchain.md), as the docs' browser test uses it; NTM_CHROMIUM overrides it. */
export const CHROMIUM = process.env['NTM_CHROMIUM'] ?? '/usr/bin/chromium';

/** What the page reported: the forward step's result, and every console error or page error. */
export interface BrowserRun<Result> {
  readonly result: Result;
  readonly problems: readonly string[];
}

/**
 * Loads `<bundleFolder>/app.js` in headless Chromium from a page served over HTTP, calls its
 * exported `forwardStep()` and resolves with what it returned.
 *
 * @example const { result } = await runForwardStepInChromium<{ backend: string }>(bundleFolder);
 */
export async function runForwardStepInChromium<Result>(bundleFolder: string): Promise<BrowserRun<Result>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the consumer test runs the browser bundle in it. ` +
        'Install it with `bash apps/docs/scripts/ensure-chromium.sh`, or point NTM_CHROMIUM at a Chromium binary.',
    );
  }
  writeFileSync(
    join(bundleFolder, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>ntm bundle</title><link rel="icon" href="data:,">\n' +
      '<script type="module">import { forwardStep } from "./app.js"; window.forwardStep = forwardStep;</script>\n',
  );
  const server = await serveFolder(bundleFolder);
  const userDataDirectory = mkdtempSync(join(tmpdir(), 'ntm-consumer-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(`${server.url}index.html`);
    await page.waitForFunction(() => typeof (window as unknown as { forwardStep?: unknown }).forwardStep === 'function', undefined, { timeout: 60_000 });
    const result = (await page.evaluate(() => (window as unknown as { forwardStep: () => Promise<unknown> }).forwardStep())) as Result;
    return { result, problems };
  } finally {
    await context.close();
    await server.close();
    rmSync(userDataDirectory, { recursive: true, force: true });
  }
}
