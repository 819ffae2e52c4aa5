/**
 * The demo page: loads a shipped checkpoint (copy first; the task picker offers every task the
 * repository ships a checkpoint for) into tfjs-wasm in the browser, runs an episode with a
 * trace, and draws it as the paper's Figure 6, step by step. Copy's sequence can be edited bit
 * by bit; the other tasks draw their episodes from their own generators, by seed and size.
 *
 * What the page exposes for people and tests: `#episode-result` carries `data-state` (`loading`,
 * `ready`, `error`), `data-task`, `data-correct`, `data-bit-errors`, `data-recalled` (the
 * thresholded outputs on the scored steps, in the `?sequence=` format) and, for copy,
 * `data-sequence`.
 *
 * URL parameters: `?task=associative-recall` (a shipped task), `?sequence=10110010,01101100`
 * (copy: vectors of `bits` 0s and 1s), or `?seed=3&length=6` (length, or items for recall);
 * `?checkpoint=trained` opens the model trained on the training page.
 *
 * The site's `DemoPage` component renders the page's controls and calls {@link mountDemo} once
 * they are in the document, in the browser only.
 */
import { createTfjsBackend, type TfjsBackend } from '@ntm/backend-tfjs';
import { type EpisodePanel, type EpisodePanelOptions, type EpisodeSource, episodePanels, memoryPanel, taskAnnotations } from '@ntm/figures';
import { EPISODE_SIZE_FIELDS, TASK_NAMES, type TaskName } from '@ntm/tasks';
import { base64ToBytes, TRAINED_CHECKPOINT_KEY, TRAINED_CHECKPOINT_PARAMETER } from '../common/checkpoint-handoff.js';
import { createElement, elementById } from '../common/dom.js';
import { tfjsWasmPaths } from '../tfjs/wasm-binaries.js';
import { colourKeyGradient, colourKeyRange } from './colour-key.js';
import { copyBatch, formatSequence, parseSequence, randomSequence } from './copy-episode.js';
import { loadDemoModel, runDemoEpisode, sampleEpisode, thresholdedOutputs, type DemoEpisode, type DemoModel } from './demo-model.js';
import { headParametersTable, type HeadSizes } from './head-parameters.js';
import { cellAt, drawHeatMap } from './heat-map.js';

/** Where the site lists its shipped checkpoints (see .vitepress/checkpoints-plugin.ts). */
const CHECKPOINT_LIST_URL = `${import.meta.env.BASE_URL}checkpoints/index.json`;
/** Milliseconds per step when playing. */
const PLAY_INTERVAL = 180;
/** How each task reads in the picker. */
const TASK_TITLES: Readonly<Record<TaskName, string>> = {
  copy: 'Copy',
  'repeat-copy': 'Repeat copy',
  'associative-recall': 'Associative recall',
  'dynamic-ngrams': 'Dynamic N-grams',
  'priority-sort': 'Priority sort',
};

/** The page's elements, found when the demo is mounted. */
function findUi() {
  return {
    status: elementById('demo-status', HTMLElement),
    model: elementById('demo-model', HTMLElement),
    task: elementById('task-picker', HTMLSelectElement),
    sizeLabel: elementById('size-label', HTMLElement),
    size: elementById('episode-size', HTMLInputElement),
    seed: elementById('episode-seed', HTMLInputElement),
    random: elementById('random-episode', HTMLButtonElement),
    clear: elementById('clear-sequence', HTMLButtonElement),
    file: elementById('checkpoint-file', HTMLInputElement),
    result: elementById('episode-result', HTMLElement),
    slider: elementById('step-slider', HTMLInputElement),
    back: elementById('step-back', HTMLButtonElement),
    play: elementById('play', HTMLButtonElement),
    forward: elementById('step-forward', HTMLButtonElement),
    stepLabel: elementById('step-label', HTMLElement),
    figure: elementById('figure', HTMLElement),
    heads: elementById('head-parameters', HTMLElement),
  };
}

let ui: ReturnType<typeof findUi>;

interface DrawnPanel {
  readonly panel: EpisodePanel;
  readonly canvas: HTMLCanvasElement;
}

interface DemoState {
  backend: TfjsBackend | null;
  demo: DemoModel | null;
  /** Copy only: the sequence shown, which a person can edit. */
  sequence: number[][];
  episode: DemoEpisode | null;
  step: number;
  panels: DrawnPanel[];
  memory: DrawnPanel | null;
  /** What the panels were made with, so that the memory panel of each step is placed as the first one was. */
  figure: EpisodePanelOptions;
  timer: ReturnType<typeof setInterval> | null;
  /** The shipped checkpoints: task → URL. */
  shipped: Map<TaskName, string>;
}

/** A new page's state; the tfjs backend is kept across visits (it starts once per tab). */
const freshState = (backend: TfjsBackend | null): DemoState => ({
  backend,
  demo: null,
  sequence: [],
  episode: null,
  step: 0,
  panels: [],
  memory: null,
  figure: { outputBits: true },
  timer: null,
  shipped: new Map(),
});

let state: DemoState = freshState(null);

function setStatus(text: string, kind: 'loading' | 'ready' | 'error'): void {
  ui.status.textContent = text;
  ui.status.dataset['state'] = kind;
  ui.result.dataset['state'] = kind;
}

function sizesOf(demo: DemoModel): HeadSizes {
  const { memory, heads } = demo.config;
  return { slots: memory.slots, wordSize: memory.wordSize, readHeads: heads.readHeads, writeHeads: heads.writeHeads };
}

function describeModel(demo: DemoModel): string {
  const { memory, controller, heads } = demo.config;
  const layers = controller.kind === 'lstm' ? controller.layerSizes : controller.hiddenSizes;
  const trained = demo.trainedSequences === null ? '' : `, ${demo.trainedSequences.toLocaleString('en')} training sequences`;
  const kind = controller.kind === 'lstm' ? 'an LSTM' : 'a feed-forward';
  return (
    `NTM with ${kind} controller [${layers.join(', ')}], memory ${memory.slots} × ${memory.wordSize}, ` +
    `${heads.readHeads} read / ${heads.writeHeads} write head${heads.writeHeads > 1 ? 's' : ''}; ` +
    `trained on ${demo.trainedTask.describe()}${trained}. Source: ${demo.source}.`
  );
}

/** The largest size the size box offers: copy up to what the memory holds (at most 120, the paper's longest), others twice the trained size. */
function largestSize(demo: DemoModel): number {
  if (demo.trainedSize === null) return 1;
  if (demo.task === 'copy') return Math.max(1, Math.min(demo.config.memory.slots - 1, 120));
  return 2 * demo.trainedSize;
}

/** Loads a checkpoint's model, replacing the current one, and sets the controls for its task. */
async function useCheckpoint(bytes: Uint8Array, source: string): Promise<void> {
  state.backend ??= await createTfjsBackend('wasm', { wasmPaths: tfjsWasmPaths() });
  // Whether the fused kernels run here (WebAssembly SIMD, or none: tensor operations), for the curious and the browser test.
  ui.status.dataset['fusedKernels'] = state.backend.info.fusedKernels ?? 'unknown';
  const demo = loadDemoModel(state.backend, bytes, source);
  state.demo?.model.dispose();
  state.demo = demo;
  ui.model.textContent = describeModel(demo);
  ui.task.value = demo.task;
  const fields = EPISODE_SIZE_FIELDS[demo.task];
  ui.sizeLabel.textContent = fields?.unit === 'items' ? 'Items' : 'Length';
  ui.size.disabled = fields === undefined;
  ui.size.max = String(largestSize(demo));
  ui.clear.hidden = demo.task !== 'copy';
}

function updateUrl(): void {
  const demo = state.demo;
  if (!demo) return;
  const url = new URL(window.location.href);
  for (const name of ['sequence', 'seed', 'length', 'task']) url.searchParams.delete(name);
  if (demo.task !== 'copy') url.searchParams.set('task', demo.task);
  if (demo.task === 'copy') url.searchParams.set('sequence', formatSequence(state.sequence));
  else {
    url.searchParams.set('seed', ui.seed.value);
    if (!ui.size.disabled) url.searchParams.set('length', ui.size.value);
  }
  window.history.replaceState(null, '', url);
}

/** Runs the model on the current episode (copy: the edited sequence; else the seed and size) and redraws everything. */
function runEpisode(): void {
  const demo = state.demo;
  if (!demo) return;
  const started = performance.now();
  const batch = demo.task === 'copy' ? copyBatch(state.sequence, demo.config.outputSize) : sampleEpisode(demo, seedValue(), sizeValue(demo));
  const episode = runDemoEpisode(demo, batch);
  state.episode = episode;
  if (demo.task === 'copy') ui.size.value = String(state.sequence.length);
  buildFigure(episode, demo);
  ui.slider.max = String(episode.steps - 1);
  setStep(episode.steps - 1);
  const { score } = episode;
  const recalled = thresholdedOutputs(episode);
  ui.result.dataset['task'] = demo.task;
  ui.result.dataset['correct'] = String(score.correct);
  ui.result.dataset['bitErrors'] = String(score.bitErrors);
  ui.result.dataset['recalled'] = formatSequence(recalled);
  if (demo.task === 'copy') ui.result.dataset['sequence'] = formatSequence(state.sequence);
  else delete ui.result.dataset['sequence'];
  const verb = demo.task === 'copy' ? 'Copied' : 'Right';
  ui.result.textContent = score.correct
    ? `${verb}: all ${score.scoredBits} output bits`
    : `${demo.task === 'copy' ? 'Not copied' : 'Wrong'}: ${score.bitErrors} of ${score.scoredBits} output bits`;
  // The time goes in an attribute, not the text, so screenshots of the same episode are identical.
  ui.status.dataset['milliseconds'] = String(Math.round(performance.now() - started));
  const what = demo.task === 'copy' ? `${state.sequence.length} vectors, the delimiter, ${state.sequence.length} recall steps` : `${recalled.length} scored`;
  setStatus(`Ran ${episode.steps} steps (${what}) on ${state.backend?.name ?? 'tfjs'}; cost ${score.costBits.toFixed(3)} bits.`, 'ready');
}

function seedValue(): number {
  return Math.max(0, Number.parseInt(ui.seed.value, 10) || 0);
}

function sizeValue(demo: DemoModel): number | null {
  if (demo.trainedSize === null) return null;
  return Math.min(Math.max(Number.parseInt(ui.size.value, 10) || 1, 1), Number(ui.size.max));
}

/** What a panel's heading says: its figure title, capitalised as a heading. */
function headingOf(panel: EpisodePanel): string {
  return panel.title.charAt(0).toUpperCase() + panel.title.slice(1);
}

/** Copy's inputs are editable: a click flips a bit of the sequence. */
function isEditable(panel: EpisodePanel): boolean {
  return panel.id === 'inputs' && state.demo?.task === 'copy';
}

/** A key's end as a short number (a signed panel's scale is its largest magnitude). */
function keyEnd(value: number): string {
  return String(Number(value.toPrecision(2)));
}

function panelElement(panel: EpisodePanel): DrawnPanel {
  const editable = isEditable(panel);
  const caption = editable ? `${panel.caption} Click a cell to flip a bit of the sequence.` : panel.caption;
  const wrapper = createElement('figure', 'heat-map-panel');
  wrapper.dataset['panel'] = panel.id;
  // Custom properties rather than inline grid styles, so the narrow-screen layout can override them.
  wrapper.style.setProperty('--grid-row', String(panel.gridRow));
  wrapper.style.setProperty('--grid-column', String(panel.gridColumn));
  wrapper.append(createElement('h3', '', headingOf(panel)));
  const canvas = createElement('canvas', editable ? 'editable' : '');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${headingOf(panel)}: ${caption}`);
  canvas.dataset['panel'] = panel.id;
  wrapper.append(canvas);
  const key = createElement('div', 'colour-key');
  const bar = createElement('span', 'bar');
  bar.style.background = colourKeyGradient(panel.colourMap, panel.scale);
  const [from, to] = colourKeyRange(panel.colourMap, panel.scale);
  key.append(keyEnd(from), bar, keyEnd(to));
  wrapper.append(key, createElement('p', 'panel-caption', caption));
  if (editable) canvas.addEventListener('click', (event) => onInputClick(panel, canvas, event));
  return { panel, canvas };
}

function sourceOf(episode: DemoEpisode): EpisodeSource {
  return { trace: episode.trace, batch: episode.batch };
}

function buildFigure(episode: DemoEpisode, demo: DemoModel): void {
  // The task's own rows (N-grams' optimal predictor, sort's priorities), as `ntm show` draws them.
  const { extraRows } = taskAnnotations(demo.task, episode.batch, episode.trace);
  // The output bits too, wrong ones crossed, beyond `ntm show`'s figure: the demo is where a person checks a copy bit by bit.
  state.figure = { task: demo.task, outputBits: true, ...(extraRows ? { extraRows } : {}) };
  const drawn = episodePanels(sourceOf(episode), state.figure).map(panelElement);
  state.panels = drawn.filter(({ panel }) => panel.axis === 'time');
  state.memory = drawn.find(({ panel }) => panel.id === 'memory') ?? null;
  ui.figure.replaceChildren(...drawn.map(({ canvas }) => canvas.parentElement as HTMLElement));
}

function draw(): void {
  const episode = state.episode;
  const demo = state.demo;
  if (!episode || !demo) return;
  for (const { panel, canvas } of state.panels) {
    drawHeatMap(canvas, { ...panel, currentColumn: state.step, ...(panel.fromModel ? { revealedUpTo: state.step } : {}) });
  }
  const memory = state.memory && memoryPanel(sourceOf(episode), state.step, state.figure);
  if (state.memory && memory) {
    const title = state.memory.canvas.parentElement?.querySelector('h3');
    if (title) title.textContent = headingOf(memory);
    drawHeatMap(state.memory.canvas, memory);
  }
  ui.heads.replaceChildren(headParametersTable(episode.trace, state.step, sizesOf(demo)));
}

/** What the step is for: copy's phases by name; elsewhere, whether the outputs are scored. */
function phaseOf(step: number, episode: DemoEpisode, task: TaskName): string {
  if (task === 'copy') {
    const length = state.sequence.length;
    if (step < length) return `input: vector ${step + 1} of ${length}`;
    if (step === length) return 'input: the delimiter';
    return `recall: vector ${step - length} of ${length}`;
  }
  return (episode.mask[step] as number) > 0 ? 'output: scored' : 'input';
}

function setStep(step: number): void {
  const episode = state.episode;
  const demo = state.demo;
  if (!episode || !demo) return;
  state.step = Math.min(Math.max(step, 0), episode.steps - 1);
  ui.slider.value = String(state.step);
  ui.stepLabel.textContent = `step ${state.step + 1} / ${episode.steps} — ${phaseOf(state.step, episode, demo.task)}`;
  draw();
}

function stopPlaying(): void {
  if (state.timer !== null) clearInterval(state.timer);
  state.timer = null;
  ui.play.textContent = 'Play';
}

function togglePlay(): void {
  const episode = state.episode;
  if (!episode) return;
  if (state.timer !== null) {
    stopPlaying();
    return;
  }
  if (state.step >= episode.steps - 1) setStep(0);
  ui.play.textContent = 'Pause';
  state.timer = setInterval(() => {
    if (!state.episode || state.step >= state.episode.steps - 1) {
      stopPlaying();
      return;
    }
    setStep(state.step + 1);
  }, PLAY_INTERVAL);
}

function onInputClick(panel: EpisodePanel, canvas: HTMLCanvasElement, event: MouseEvent): void {
  const demo = state.demo;
  if (demo?.task !== 'copy') return;
  const bounds = canvas.getBoundingClientRect();
  const cell = cellAt(panel, event.clientX - bounds.left, event.clientY - bounds.top);
  // Only the sequence's own bits can be edited: not the delimiter row, not the recall steps.
  if (!cell || cell.row >= demo.config.outputSize || cell.column >= state.sequence.length) return;
  const vector = state.sequence[cell.column] as number[];
  vector[cell.row] = 1 - (vector[cell.row] as number);
  stopPlaying();
  updateUrl();
  runEpisode();
}

function newRandomEpisode(): void {
  const demo = state.demo;
  if (!demo) return;
  if (demo.task === 'copy') state.sequence = randomSequence(seedValue(), sizeValue(demo) ?? 1, demo.config.outputSize);
  stopPlaying();
  updateUrl();
  runEpisode();
}

/** The episode the URL asks for: copy's sequence, or a seed and size (default: the trained maximum, at most 10). */
function initialEpisode(demo: DemoModel): void {
  const parameters = new URL(window.location.href).searchParams;
  ui.seed.value = String(Number.parseInt(parameters.get('seed') ?? '1', 10) || 0);
  const size = Number.parseInt(parameters.get('length') ?? String(Math.min(demo.trainedSize ?? 1, 10)), 10);
  ui.size.value = String(Math.max(1, Math.min(size, Number(ui.size.max))));
  if (demo.task !== 'copy') return;
  const given = parameters.get('sequence');
  state.sequence = given ? parseSequence(given, demo.config.outputSize) : randomSequence(seedValue(), sizeValue(demo) ?? 1, demo.config.outputSize);
}

/** Fills the task picker from the site's list of shipped checkpoints. */
async function loadShippedList(): Promise<void> {
  const response = await fetch(CHECKPOINT_LIST_URL);
  if (!response.ok) throw new Error(`could not load ${CHECKPOINT_LIST_URL}: HTTP ${response.status}`);
  const list = (await response.json()) as { task: string; urlPath: string }[];
  const urls = new Map(list.map((item) => [item.task, `${import.meta.env.BASE_URL}${item.urlPath}`]));
  // The paper's order; files that are not a task's are not offered.
  state.shipped = new Map(TASK_NAMES.filter((task) => urls.has(task)).map((task) => [task, urls.get(task) as string]));
  ui.task.replaceChildren(...[...state.shipped.keys()].map((task) => new Option(TASK_TITLES[task], task)));
}

async function shippedBytes(task: TaskName): Promise<{ bytes: Uint8Array; source: string }> {
  const url = state.shipped.get(task);
  if (!url) throw new Error(`no shipped checkpoint for ${task}; the site ships ${[...state.shipped.keys()].join(', ')}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), source: url };
}

async function checkpointBytes(): Promise<{ bytes: Uint8Array; source: string }> {
  const parameters = new URL(window.location.href).searchParams;
  if (parameters.get('checkpoint') === TRAINED_CHECKPOINT_PARAMETER) {
    const stored = sessionStorage.getItem(TRAINED_CHECKPOINT_KEY);
    if (stored) return { bytes: base64ToBytes(stored), source: 'the model trained on the training page' };
  }
  const asked = parameters.get('task') as TaskName | null;
  return shippedBytes(asked !== null && state.shipped.has(asked) ? asked : 'copy');
}

async function start(): Promise<void> {
  setStatus('Loading the checkpoint and starting TensorFlow.js (WASM)…', 'loading');
  await loadShippedList();
  const { bytes, source } = await checkpointBytes();
  await useCheckpoint(bytes, source);
  initialEpisode(state.demo as DemoModel);
  runEpisode();
}

/** Switches to another task's shipped checkpoint, keeping the seed. */
async function pickTask(task: TaskName): Promise<void> {
  try {
    stopPlaying();
    setStatus(`Loading the ${TASK_TITLES[task].toLowerCase()} checkpoint…`, 'loading');
    const { bytes, source } = await shippedBytes(task);
    await useCheckpoint(bytes, source);
    const demo = state.demo as DemoModel;
    ui.size.value = String(Math.min(demo.trainedSize ?? 1, 10));
    if (demo.task === 'copy') state.sequence = randomSequence(seedValue(), sizeValue(demo) ?? 1, demo.config.outputSize);
    updateUrl();
    runEpisode();
  } catch (error) {
    setStatus(`Could not load the ${task} checkpoint: ${(error as Error).message}`, 'error');
  }
}

function onKeyDown(event: KeyboardEvent): void {
  // Inputs (the slider included) handle their own arrow keys.
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  if (event.key === 'ArrowLeft') setStep(state.step - 1);
  else if (event.key === 'ArrowRight') setStep(state.step + 1);
}

/**
 * Starts the demo on the page's controls (which must be in the document): loads the checkpoint
 * the URL asks for and runs its episode. Returns what undoes it, for when the page is left.
 *
 * @example onMounted(() => { unmount = mountDemo(); }); onUnmounted(() => unmount());
 */
export function mountDemo(): () => void {
  ui = findUi();
  state = freshState(state.backend);
  ui.task.addEventListener('change', () => void pickTask(ui.task.value as TaskName));
  ui.random.addEventListener('click', newRandomEpisode);
  ui.size.addEventListener('change', newRandomEpisode);
  ui.seed.addEventListener('change', newRandomEpisode);
  ui.clear.addEventListener('click', () => {
    state.sequence = state.sequence.map((vector) => vector.map(() => 0));
    updateUrl();
    runEpisode();
  });
  ui.slider.addEventListener('input', () => {
    stopPlaying();
    setStep(Number(ui.slider.value));
  });
  ui.back.addEventListener('click', () => {
    stopPlaying();
    setStep(state.step - 1);
  });
  ui.forward.addEventListener('click', () => {
    stopPlaying();
    setStep(state.step + 1);
  });
  ui.play.addEventListener('click', togglePlay);
  ui.file.addEventListener('change', async () => {
    const file = ui.file.files?.[0];
    if (!file) return;
    try {
      setStatus(`Loading ${file.name}…`, 'loading');
      await useCheckpoint(new Uint8Array(await file.arrayBuffer()), file.name);
      const demo = state.demo as DemoModel;
      if (!state.shipped.has(demo.task)) ui.task.append(new Option(TASK_TITLES[demo.task], demo.task));
      ui.task.value = demo.task;
      ui.size.value = String(Math.min(Number(ui.size.value) || 1, Number(ui.size.max)));
      if (demo.task === 'copy') state.sequence = randomSequence(seedValue(), sizeValue(demo) ?? 1, demo.config.outputSize);
      updateUrl();
      runEpisode();
    } catch (error) {
      setStatus(`Could not load ${file.name}: ${(error as Error).message}`, 'error');
    }
  });
  document.addEventListener('keydown', onKeyDown);

  start().catch((error: unknown) => {
    setStatus(`The demo could not start: ${(error as Error).message}`, 'error');
    console.error(error);
  });
  return () => {
    stopPlaying();
    document.removeEventListener('keydown', onKeyDown);
    state.demo?.model.dispose();
    state.demo = null;
  };
}
