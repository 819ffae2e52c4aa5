/**
 * The demo page: loads the shipped copy checkpoint into tfjs-wasm in the browser, runs a copy
 * episode with a trace, and draws it as the paper's Figure 6, step by step.
 *
 * What the page exposes for people and tests: `#copy-result` carries `data-state` (`loading`,
 * `ready`, `error`), `data-correct`, `data-bit-errors`, `data-sequence` and `data-recalled`
 * (the thresholded outputs, in the `?sequence=` format).
 *
 * URL parameters: `?sequence=10110010,01101100` (vectors of `bits` 0s and 1s), or `?seed=3&length=6`;
 * `?checkpoint=trained` opens the model trained on the training page.
 */
import '../site/site.js';
import { createTfjsBackend, type TfjsBackend } from '@ntm/backend-tfjs';
import { base64ToBytes, TRAINED_CHECKPOINT_KEY, TRAINED_CHECKPOINT_PARAMETER } from '../common/checkpoint-handoff.js';
import { createElement, elementById } from '../common/dom.js';
import { tfjsWasmPaths } from '../tfjs/wasm-binaries.js';
import { colourKeyGradient } from './colour-maps.js';
import { formatSequence, parseSequence, randomSequence } from './copy-episode.js';
import { loadCopyModel, runCopyEpisode, type CopyEpisode, type CopyModel } from './copy-model.js';
import { memoryPanel, timePanels, type FigurePanel, type FigureSizes } from './figure-panels.js';
import { cellAt, drawHeatMap } from './heat-map.js';
import { headParametersTable } from './head-parameters.js';

/** Where the site serves the copy checkpoint, relative to the page (see build/checkpoint-source.ts). */
const CHECKPOINT_URL = 'checkpoints/copy.ntm';
/** Milliseconds per step when playing. */
const PLAY_INTERVAL = 180;

const ui = {
  status: elementById('demo-status', HTMLElement),
  model: elementById('demo-model', HTMLElement),
  length: elementById('sequence-length', HTMLInputElement),
  seed: elementById('sequence-seed', HTMLInputElement),
  random: elementById('random-sequence', HTMLButtonElement),
  clear: elementById('clear-sequence', HTMLButtonElement),
  file: elementById('checkpoint-file', HTMLInputElement),
  result: elementById('copy-result', HTMLElement),
  slider: elementById('step-slider', HTMLInputElement),
  back: elementById('step-back', HTMLButtonElement),
  play: elementById('play', HTMLButtonElement),
  forward: elementById('step-forward', HTMLButtonElement),
  stepLabel: elementById('step-label', HTMLElement),
  figure: elementById('figure', HTMLElement),
  heads: elementById('head-parameters', HTMLElement),
};

interface DrawnPanel {
  readonly panel: FigurePanel;
  readonly canvas: HTMLCanvasElement;
}

const state: {
  backend: TfjsBackend | null;
  copy: CopyModel | null;
  sequence: number[][];
  episode: CopyEpisode | null;
  step: number;
  panels: DrawnPanel[];
  memory: DrawnPanel | null;
  timer: ReturnType<typeof setInterval> | null;
} = { backend: null, copy: null, sequence: [], episode: null, step: 0, panels: [], memory: null, timer: null };

function setStatus(text: string, kind: 'loading' | 'ready' | 'error'): void {
  ui.status.textContent = text;
  ui.status.dataset['state'] = kind;
  ui.result.dataset['state'] = kind;
}

function sizesOf(copy: CopyModel): FigureSizes {
  return {
    bits: copy.bits,
    slots: copy.config.memory.slots,
    wordSize: copy.config.memory.wordSize,
    readHeads: copy.config.heads.readHeads,
    writeHeads: copy.config.heads.writeHeads,
  };
}

function describeModel(copy: CopyModel): string {
  const { memory, controller, heads } = copy.config;
  const layers = controller.kind === 'lstm' ? controller.layerSizes : controller.hiddenSizes;
  const trained = copy.trainedSequences === null ? '' : `, ${copy.trainedSequences.toLocaleString('en')} training sequences`;
  const kind = controller.kind === 'lstm' ? 'an LSTM' : 'a feed-forward';
  return (
    `NTM with ${kind} controller [${layers.join(', ')}], memory ${memory.slots} × ${memory.wordSize}, ` +
    `${heads.readHeads} read / ${heads.writeHeads} write head${heads.writeHeads > 1 ? 's' : ''}; ` +
    `trained on ${copy.bits}-bit sequences of length ≤ ${copy.trainedMaxLength}${trained}. Source: ${copy.source}.`
  );
}

/** Loads a checkpoint's model, replacing the current one. */
async function useCheckpoint(bytes: Uint8Array, source: string): Promise<void> {
  state.backend ??= await createTfjsBackend('wasm', { wasmPaths: tfjsWasmPaths() });
  // How the fused kernels run here (WebAssembly SIMD, or JavaScript loops), for the curious and the browser test.
  ui.status.dataset['fusedKernels'] = state.backend.info.fusedKernels ?? 'unknown';
  const copy = loadCopyModel(state.backend, bytes, source);
  state.copy?.model.dispose();
  state.copy = copy;
  ui.model.textContent = describeModel(copy);
  ui.length.max = String(Math.max(1, Math.min(copy.config.memory.slots - 1, 120)));
}

function updateUrl(): void {
  const url = new URL(window.location.href);
  url.searchParams.set('sequence', formatSequence(state.sequence));
  url.searchParams.delete('seed');
  url.searchParams.delete('length');
  window.history.replaceState(null, '', url);
}

/** Runs the model on the current sequence and redraws everything. */
function runEpisode(): void {
  const copy = state.copy;
  if (!copy) return;
  const started = performance.now();
  const episode = runCopyEpisode(copy, state.sequence);
  state.episode = episode;
  ui.length.value = String(state.sequence.length);
  buildFigure(episode, sizesOf(copy));
  ui.slider.max = String(episode.steps - 1);
  setStep(episode.steps - 1);
  const { score } = episode;
  ui.result.dataset['correct'] = String(score.correct);
  ui.result.dataset['bitErrors'] = String(score.bitErrors);
  ui.result.dataset['sequence'] = formatSequence(state.sequence);
  ui.result.dataset['recalled'] = formatSequence(score.recalled);
  ui.result.textContent = score.correct
    ? `Copied correctly: all ${state.sequence.length * copy.bits} bits`
    : `Not copied: ${score.bitErrors} of ${state.sequence.length * copy.bits} bits wrong`;
  // The time goes in an attribute, not the text, so screenshots of the same episode are identical.
  ui.status.dataset['milliseconds'] = String(Math.round(performance.now() - started));
  setStatus(
    `Ran ${episode.steps} steps (${state.sequence.length} vectors, the delimiter, ${state.sequence.length} recall steps) on ${state.backend?.name ?? 'tfjs'}; ` +
      `cost ${score.costBits.toFixed(3)} bits.`,
    'ready',
  );
}

function panelElement(panel: FigurePanel): DrawnPanel {
  const wrapper = createElement('figure', 'heat-map-panel');
  wrapper.dataset['panel'] = panel.id;
  // Custom properties rather than inline grid styles, so the narrow-screen layout can override them.
  wrapper.style.setProperty('--grid-row', String(panel.gridRow));
  wrapper.style.setProperty('--grid-column', String(panel.gridColumn));
  wrapper.append(createElement('h3', '', panel.title));
  const canvas = createElement('canvas', panel.editable ? 'editable' : '');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${panel.title}: ${panel.caption}`);
  canvas.dataset['panel'] = panel.id;
  wrapper.append(canvas);
  const key = createElement('div', 'colour-key');
  const bar = createElement('span', 'bar');
  bar.style.background = colourKeyGradient(panel.colour, panel.colourRange[0], panel.colourRange[1]);
  key.append(String(panel.colourRange[0]), bar, String(panel.colourRange[1]));
  const caption = createElement('p', 'panel-caption', panel.caption);
  wrapper.append(key, caption);
  if (panel.editable) canvas.addEventListener('click', (event) => onInputClick(panel, canvas, event));
  return { panel, canvas };
}

function buildFigure(episode: CopyEpisode, sizes: FigureSizes): void {
  state.panels = timePanels(episode, sizes).map(panelElement);
  state.memory = panelElement(memoryPanel(episode, sizes, episode.steps - 1));
  ui.figure.replaceChildren(...[...state.panels, state.memory].map(({ canvas }) => canvas.parentElement as HTMLElement));
}

function draw(): void {
  const episode = state.episode;
  const copy = state.copy;
  if (!episode || !copy) return;
  for (const { panel, canvas } of state.panels) {
    drawHeatMap(canvas, {
      ...panel,
      currentColumn: state.step,
      ...(panel.revealed ? { revealedUpTo: state.step } : {}),
    });
  }
  if (state.memory) {
    const panel = memoryPanel(episode, sizesOf(copy), state.step);
    const title = state.memory.canvas.parentElement?.querySelector('h3');
    if (title) title.textContent = panel.title;
    drawHeatMap(state.memory.canvas, panel);
  }
  ui.heads.replaceChildren(headParametersTable(episode.trace, state.step, sizesOf(copy)));
}

function phaseOf(step: number, length: number): string {
  if (step < length) return `input: vector ${step + 1} of ${length}`;
  if (step === length) return 'input: the delimiter';
  return `recall: vector ${step - length} of ${length}`;
}

function setStep(step: number): void {
  const episode = state.episode;
  if (!episode) return;
  state.step = Math.min(Math.max(step, 0), episode.steps - 1);
  ui.slider.value = String(state.step);
  ui.stepLabel.textContent = `step ${state.step + 1} / ${episode.steps} — ${phaseOf(state.step, episode.sequence.length)}`;
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

function onInputClick(panel: FigurePanel, canvas: HTMLCanvasElement, event: MouseEvent): void {
  const copy = state.copy;
  if (!copy) return;
  const bounds = canvas.getBoundingClientRect();
  const cell = cellAt(panel, event.clientX - bounds.left, event.clientY - bounds.top);
  // Only the sequence's own bits can be edited: not the delimiter row, not the recall steps.
  if (!cell || cell.row >= copy.bits || cell.column >= state.sequence.length) return;
  const vector = state.sequence[cell.column] as number[];
  vector[cell.row] = 1 - (vector[cell.row] as number);
  stopPlaying();
  updateUrl();
  runEpisode();
}

function newRandomSequence(): void {
  const copy = state.copy;
  if (!copy) return;
  const length = Math.min(Math.max(Number.parseInt(ui.length.value, 10) || 1, 1), Number(ui.length.max));
  const seed = Number.parseInt(ui.seed.value, 10) || 0;
  state.sequence = randomSequence(seed, length, copy.bits);
  stopPlaying();
  updateUrl();
  runEpisode();
}

/** The sequence the URL asks for, or a seeded random one of a length the model was trained on. */
function initialSequence(copy: CopyModel): number[][] {
  const parameters = new URL(window.location.href).searchParams;
  const given = parameters.get('sequence');
  if (given) return parseSequence(given, copy.bits);
  const seed = Number.parseInt(parameters.get('seed') ?? '1', 10);
  const length = Number.parseInt(parameters.get('length') ?? String(Math.min(copy.trainedMaxLength, 10)), 10);
  ui.seed.value = String(seed);
  return randomSequence(seed, Math.max(1, Math.min(length, Number(ui.length.max))), copy.bits);
}

async function checkpointBytes(): Promise<{ bytes: Uint8Array; source: string }> {
  const parameters = new URL(window.location.href).searchParams;
  if (parameters.get('checkpoint') === TRAINED_CHECKPOINT_PARAMETER) {
    const stored = sessionStorage.getItem(TRAINED_CHECKPOINT_KEY);
    if (stored) return { bytes: base64ToBytes(stored), source: 'the model trained on the training page' };
  }
  const response = await fetch(CHECKPOINT_URL);
  if (!response.ok) throw new Error(`could not load ${CHECKPOINT_URL}: HTTP ${response.status}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), source: CHECKPOINT_URL };
}

async function start(): Promise<void> {
  setStatus('Loading the checkpoint and starting TensorFlow.js (WASM)…', 'loading');
  const { bytes, source } = await checkpointBytes();
  await useCheckpoint(bytes, source);
  state.sequence = initialSequence(state.copy as CopyModel);
  runEpisode();
}

ui.random.addEventListener('click', newRandomSequence);
ui.length.addEventListener('change', newRandomSequence);
ui.seed.addEventListener('change', newRandomSequence);
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
    const copy = state.copy as CopyModel;
    const length = Math.min(state.sequence.length, Number(ui.length.max));
    state.sequence = randomSequence(Number.parseInt(ui.seed.value, 10) || 1, length, copy.bits);
    updateUrl();
    runEpisode();
  } catch (error) {
    setStatus(`Could not load ${file.name}: ${(error as Error).message}`, 'error');
  }
});
document.addEventListener('keydown', (event) => {
  // Inputs (the slider included) handle their own arrow keys.
  if (event.target instanceof HTMLInputElement) return;
  if (event.key === 'ArrowLeft') setStep(state.step - 1);
  else if (event.key === 'ArrowRight') setStep(state.step + 1);
});

start().catch((error: unknown) => {
  setStatus(`The demo could not start: ${(error as Error).message}`, 'error');
  console.error(error);
});
