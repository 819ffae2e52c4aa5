/**
 * The site in a real browser: builds it with VitePress (the API reference included), serves
 * `dist/` as `vitepress preview` does, and drives Debian's Chromium with playwright-core.
 * Checks that every page loads with no console errors and no broken links, that math is
 * typeset and code highlighted, that the demo copies a fixed sequence correctly (and reruns when
 * a bit is clicked), that live training lowers the cost within its first seconds while the page
 * stays responsive, and that the stop button stops it. Writes a screenshot of the demo to
 * `screenshots/demo.png` (and `test-output/`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeCheckpoint } from '@ntm/machine';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { resolveConfig, serve } from 'vitepress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIRECTORY } from '../.vitepress/repository.js';

/** Debian's Chromium (docs/toolchain.md); NTM_CHROMIUM overrides it. */
const CHROMIUM = process.env['NTM_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = resolve(APP_DIRECTORY, 'screenshots/demo.png');
const TEST_OUTPUT = resolve(APP_DIRECTORY, 'test-output');

/**
 * How long a page may take to load and start its model: seconds on an idle machine, but the
 * browser shares 2 cores with every other package's tests under turbo (CI).
 */
const LOAD_TIMEOUT = 180_000;

/** The fixed sequence the demo must copy (trimmed or padded to the checkpoint's bits). */
const FIXED_SEQUENCE = ['10110010', '01101100', '11100001', '00111010', '10010111'];

let server: Server;
let context: BrowserContext;
let baseUrl: string;
let userDataDirectory: string;
/** Every page of the built site, as a path from its root: `index.html`, `guides/tasks.html`, `api/machine/node.html`, … */
let sitePages: string[];

/** The path a Markdown page is built to (the site keeps `.html` in its URLs). */
function builtPath(markdownPage: string): string {
  return markdownPage.replace(/\.md$/, '.html');
}

/** A page that records every console error, uncaught exception, failed request and HTTP error. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    });
  });
  return { page, problems };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the docs' browser test needs it. ` +
        'Install it with `bash apps/docs/scripts/ensure-chromium.sh` (which runs `apt-get update && apt-get install -y chromium`), ' +
        'or point NTM_CHROMIUM at a Chromium binary.',
    );
  }
  // `vitepress build` in a process of its own, as `pnpm build` runs it: inside the test's worker,
  // vitest's module loader and VitePress's pre-rendering would each load a copy of Vue.
  const cli = resolve(APP_DIRECTORY, 'node_modules/vitepress/bin/vitepress.js');
  await promisify(execFile)(process.execPath, [cli, 'build'], { cwd: APP_DIRECTORY, maxBuffer: 64 * 1024 * 1024 });
  sitePages = (await resolveConfig(APP_DIRECTORY, 'serve', 'production')).pages.map(builtPath).sort();
  // What `vitepress preview` runs; port 0: any free one.
  const app = (await serve({ root: APP_DIRECTORY, port: 0 })) as unknown as { server: Server };
  server = app.server;
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`vitepress serve gave no port (${String(address)})`);
  baseUrl = `http://127.0.0.1:${address.port}/`;
  userDataDirectory = mkdtempSync(join(tmpdir(), 'ntm-docs-chromium-'));
  context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
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
  context.setDefaultTimeout(LOAD_TIMEOUT);
  // `vitepress build` takes about a minute on an idle 2-core machine, and several times that while
  // turbo runs every package's tests beside it (CI).
}, 600_000);

afterAll(async () => {
  await context?.close();
  server?.close();
  if (userDataDirectory) rmSync(userDataDirectory, { recursive: true, force: true });
});

describe('the docs site in Chromium', () => {
  it('loads every page with no console errors, with its content, and no broken links', async () => {
    expect(sitePages).toEqual(expect.arrayContaining(['index.html', 'guides/what-is-an-ntm.html', 'demo.html', 'train.html', 'api/index.html']));
    const links = new Set<string>();
    for (const path of sitePages) {
      const { page, problems } = await openPage();
      await page.goto(baseUrl + path, { waitUntil: 'load' });
      if (path === 'demo.html') await page.waitForSelector('#episode-result[data-state="ready"]', { timeout: LOAD_TIMEOUT });
      await page.waitForTimeout(200);
      expect(problems, path).toEqual([]);
      const heading = path === 'index.html' ? '.VPHero .name' : '.vp-doc h1';
      expect((await page.locator(heading).first().textContent())?.trim().length ?? 0, path).toBeGreaterThan(0);
      expect(await page.title(), path).toMatch(/ntm/);
      for (const href of await page.locator('a[href]').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))) {
        if (href.startsWith(baseUrl)) links.add(href.split('#')[0] as string);
      }
      await page.close();
    }
    expect(links.size).toBeGreaterThan(sitePages.length - 1);
    for (const link of links) {
      const response = await context.request.get(link);
      expect(response.status(), link).toBe(200);
    }
  }, 600_000); // some thirty pages, one after another

  it('typesets the guides’ math at build time and highlights code with Shiki', () => {
    const guide = readFileSync(resolve(APP_DIRECTORY, 'dist/guides/what-is-an-ntm.html'), 'utf8');
    // MathJax's SVG output; an equation it could not parse would carry data-mjx-error.
    expect(guide.match(/<mjx-container/g)?.length ?? 0).toBeGreaterThan(20);
    expect(guide).not.toMatch(/data-mjx-error|merror/);
    expect(guide).not.toMatch(/\$\$/);
    const extending = readFileSync(resolve(APP_DIRECTORY, 'dist/guides/extending.html'), 'utf8');
    // The included example file, tokenised by Shiki.
    expect(extending).toMatch(/class="shiki/);
    expect(extending).toContain('TanhRnnController');
  });

  it('the API reference has a page per package entry point, and the search box finds an export', async () => {
    const apiPages = sitePages.filter((path) => path.startsWith('api/'));
    expect(apiPages).toEqual(expect.arrayContaining(['api/machine.html', 'api/machine/node.html', 'api/backend-tfjs/register.html', 'api/tasks.html']));
    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}api/backend-tfjs.html`);
    expect(await page.locator('.vp-doc h3', { hasText: 'createTfjsBackend()' }).count()).toBe(1);
    // The signature is a code block, highlighted.
    expect(await page.locator('.vp-doc div[class*="language-ts"] .shiki').count()).toBeGreaterThan(3);
    await page.click('.VPNavBarSearch button');
    await page.fill('#localsearch-input', 'createTfjsBackend');
    const result = page.locator('.VPLocalSearchBox a.result').first();
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('href')).toContain('api/backend-tfjs');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the demo and training pages mount and unmount when the reader navigates within the site', async () => {
    const { page, problems } = await openPage();
    await page.goto(baseUrl);
    await page.click('.VPNavBar a[href$="demo.html"]');
    await page.locator('#episode-result[data-task="copy"][data-state="ready"]').waitFor({ timeout: LOAD_TIMEOUT });
    await page.click('.VPNavBar a[href$="train.html"]');
    await page.locator('#training[data-state="idle"]').waitFor({ timeout: LOAD_TIMEOUT });
    expect(await page.inputValue('#training-form input[name="bits"]')).not.toBe('');
    // Back to the demo: it starts again on the new page's controls.
    await page.goBack();
    await page.locator('#episode-result[data-task="copy"][data-state="ready"]').waitFor({ timeout: LOAD_TIMEOUT });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the demo copies a fixed sequence correctly, and reruns when a bit is clicked', async () => {
    const checkpoint = decodeCheckpoint(new Uint8Array(await (await context.request.get(`${baseUrl}checkpoints/copy.ntm`)).body()));
    const bits = (checkpoint.model as { outputSize: number }).outputSize;
    const sequence = FIXED_SEQUENCE.map((vector) => vector.repeat(Math.ceil(bits / vector.length)).slice(0, bits)).join(',');
    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}demo.html?sequence=${sequence}`);
    const result = page.locator('#episode-result[data-state="ready"]');
    await result.waitFor({ timeout: LOAD_TIMEOUT });
    expect(await result.getAttribute('data-sequence')).toBe(sequence);
    expect(await result.getAttribute('data-recalled')).toBe(sequence);
    expect(await result.getAttribute('data-bit-errors')).toBe('0');
    expect(await result.getAttribute('data-correct')).toBe('true');
    // In Chromium the fused kernels run as WebAssembly SIMD inside tfjs's heap, on the page's main thread.
    expect(await page.locator('#demo-status').getAttribute('data-fused-kernels')).toBe('wasm-simd');
    // Every heat map was drawn.
    const panels = await page
      .locator('canvas[data-panel]')
      .evaluateAll((canvases) =>
        canvases.map((canvas) => ({ id: (canvas as HTMLCanvasElement).dataset['panel'], width: (canvas as HTMLCanvasElement).width })),
      );
    expect(panels.map((panel) => panel.id)).toEqual(
      expect.arrayContaining(['inputs', 'targets', 'outputs', 'output-bits', 'write-weighting-0', 'read-weighting-0', 'memory']),
    );
    expect(panels.every((panel) => panel.width > 0)).toBe(true);
    mkdirSync(resolve(APP_DIRECTORY, 'screenshots'), { recursive: true });
    mkdirSync(TEST_OUTPUT, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.screenshot({ path: join(TEST_OUTPUT, 'demo.png'), fullPage: true });

    // Stepping back reveals the episode up to that step.
    await page.click('#step-back');
    const steps = 2 * FIXED_SEQUENCE.length + 1;
    expect(await page.locator('#step-label').textContent()).toContain(`step ${steps - 1} / ${steps}`);

    // Click the first bit of the first vector: the sequence changes and the model runs again.
    const canvas = page.locator('canvas[data-panel="inputs"]');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the inputs heat map has no box');
    await canvas.click({ position: { x: box.width / steps / 2, y: box.height / (bits + 1) / 2 } });
    const flipped = `${sequence[0] === '1' ? '0' : '1'}${sequence.slice(1)}`;
    await page.locator(`#episode-result[data-sequence="${flipped}"][data-state="ready"]`).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('sequence')).toBe(flipped);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the task picker runs each shipped checkpoint on an episode its task draws, and the URL names it', async () => {
    const shipped = (await (await context.request.get(`${baseUrl}checkpoints/index.json`)).json()) as { task: string }[];
    expect(shipped.map((item) => item.task)).toEqual(expect.arrayContaining(['copy', 'repeat-copy', 'associative-recall']));
    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}demo.html`);
    await page.locator('#episode-result[data-task="copy"][data-state="ready"]').waitFor({ timeout: LOAD_TIMEOUT });
    const options = await page.locator('#task-picker option').evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value));
    expect([...options].sort()).toEqual(shipped.map((item) => item.task).sort());
    expect(options[0]).toBe('copy');
    for (const task of options.filter((task) => task !== 'copy')) {
      await page.selectOption('#task-picker', task);
      const result = page.locator(`#episode-result[data-task="${task}"][data-state="ready"]`);
      await result.waitFor({ timeout: LOAD_TIMEOUT });
      // Seed 1 at the trained size: the shipped models that meet their criterion get it right.
      if (['repeat-copy', 'associative-recall'].includes(task)) expect(await result.getAttribute('data-correct'), task).toBe('true');
      expect(Number(await result.getAttribute('data-bit-errors')), task).toBeGreaterThanOrEqual(0);
      expect(new URL(page.url()).searchParams.get('task')).toBe(task);
      expect(await page.locator('canvas[data-panel="write-weighting-0"]').count()).toBe(1);
      if (task === 'associative-recall') await page.screenshot({ path: join(TEST_OUTPUT, 'demo-associative-recall.png'), fullPage: true });
    }
    // A link to a task opens it directly.
    await page.goto(`${baseUrl}demo.html?task=repeat-copy&seed=2&length=5`);
    await page.locator('#episode-result[data-task="repeat-copy"][data-state="ready"]').waitFor({ timeout: LOAD_TIMEOUT });
    expect(await page.inputValue('#episode-size')).toBe('5');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('live training in a worker lowers the cost within its first seconds, keeps the page responsive, and stops', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${baseUrl}train.html`);
    // The page's script loads after the page: until it has wired the form up, the state is `mounting`.
    await page.locator('#training[data-state="idle"]').waitFor({ timeout: LOAD_TIMEOUT });
    await page.click('#start-training');
    await page.locator('#training[data-state="running"]').waitFor({ timeout: LOAD_TIMEOUT });
    const started = Date.now();
    const costs = async () => JSON.parse((await page.locator('#learning-curve').getAttribute('data-costs')) ?? '[]') as [number, number][];
    const mean = (points: [number, number][]) => points.reduce((sum, [, cost]) => sum + cost, 0) / points.length;
    let points: [number, number][] = [];
    let slowestRoundTrip = 0;
    // Poll until the recent cost is clearly below the first steps' (or time runs out).
    while (Date.now() - started < 60_000) {
      const before = Date.now();
      await page.evaluate(() => document.body.offsetHeight); // a round trip to the page's main thread
      slowestRoundTrip = Math.max(slowestRoundTrip, Date.now() - before);
      points = await costs();
      if (points.length >= 40 && mean(points.slice(-10)) < 0.7 * mean(points.slice(0, 5))) break;
      await page.waitForTimeout(500);
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `training: ${points.length} steps in ${seconds.toFixed(1)} s; cost ${mean(points.slice(0, 5)).toFixed(2)} → ${mean(points.slice(-10)).toFixed(2)} bits/seq; slowest page round trip ${slowestRoundTrip} ms`,
    );
    expect(points.length).toBeGreaterThanOrEqual(40);
    expect(mean(points.slice(-10))).toBeLessThan(0.7 * mean(points.slice(0, 5)));
    expect(seconds).toBeLessThan(60);
    expect(slowestRoundTrip).toBeLessThan(1000);
    await page.click('#stop-training');
    await page.locator('#training[data-state="finished"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#download-checkpoint').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
