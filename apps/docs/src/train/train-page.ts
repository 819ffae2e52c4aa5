/**
 * The live training page: a web worker trains a small copy NTM (so the page stays
 * responsive); the page draws the learning curve as steps arrive and stops the worker on
 * request. When training ends the checkpoint can be downloaded or opened in the demo.
 *
 * What the page exposes for people and tests: `#training[data-state]` (`mounting` until this
 * module has wired the page up, then `idle`, `starting`, `running`, `stopping`, `finished`,
 * `error`), `#learning-curve[data-costs]` (JSON `[sequencesSeen, cost]` of every step so far)
 * and `[data-evaluations]`.
 *
 * The site's `TrainPage` component renders the page's controls and calls {@link mountTraining}
 * once they are in the document, in the browser only.
 */
import { bytesToBase64, TRAINED_CHECKPOINT_KEY, TRAINED_CHECKPOINT_PARAMETER } from '../common/checkpoint-handoff.js';
import { elementById } from '../common/dom.js';
import { renderLineChart, smoothed } from './line-chart.js';
import { TRAINING_PRESETS, trainingConfig, type TrainingForm } from './training-presets.js';
import type { PageMessage, WorkerMessage } from './worker-protocol.js';

/** The page's elements, found when the page is mounted. */
function findUi() {
  return {
    root: elementById('training', HTMLElement),
    form: elementById('training-form', HTMLFormElement),
    preset: elementById('preset', HTMLSelectElement),
    start: elementById('start-training', HTMLButtonElement),
    stop: elementById('stop-training', HTMLButtonElement),
    download: elementById('download-checkpoint', HTMLAnchorElement),
    openInDemo: elementById('open-in-demo', HTMLAnchorElement),
    status: elementById('training-status', HTMLElement),
    costCurve: elementById('learning-curve', HTMLElement),
    errorCurve: elementById('bit-error-curve', HTMLElement),
    evaluations: elementById('evaluations', HTMLTableElement),
  };
}

let ui: ReturnType<typeof findUi>;

type Point = [number, number];
const run = {
  worker: null as Worker | null,
  costs: [] as Point[],
  bitErrors: [] as Point[],
  evaluationCosts: [] as Point[],
  evaluationBitErrors: [] as Point[],
  lastStep: null as (WorkerMessage & { kind: 'step' }) | null,
  redrawQueued: false,
  downloadUrl: null as string | null,
};

const fields: readonly (keyof TrainingForm)[] = ['bits', 'maxLength', 'slots', 'wordSize', 'controllerSize', 'batchSize', 'learningRate', 'seed'];

function input(name: keyof TrainingForm): HTMLInputElement {
  return ui.form.elements.namedItem(name) as HTMLInputElement;
}

function fillForm(form: TrainingForm): void {
  for (const field of fields) input(field).value = String(form[field]);
}

function readForm(): TrainingForm {
  const values = Object.fromEntries(fields.map((field) => [field, Number(input(field).value)]));
  return values as unknown as TrainingForm;
}

function setState(state: 'idle' | 'starting' | 'running' | 'stopping' | 'finished' | 'error'): void {
  ui.root.dataset['state'] = state;
  const busy = state === 'starting' || state === 'running' || state === 'stopping';
  ui.start.disabled = busy;
  ui.stop.disabled = state !== 'running' && state !== 'starting';
  for (const element of ui.form.elements) (element as HTMLInputElement).disabled = busy;
}

function redraw(): void {
  run.redrawQueued = false;
  const width = Math.min(760, Math.max(320, ui.costCurve.clientWidth - 30));
  ui.costCurve.innerHTML = renderLineChart({
    width,
    height: 280,
    title: 'Cost: binary cross-entropy per sequence',
    xLabel: 'sequences seen',
    yLabel: 'bits per sequence',
    series: [
      { name: 'training batch', points: run.costs, colour: '#b8cde4', style: 'line', width: 1 },
      { name: 'smoothed', points: smoothed(run.costs, 0.9), colour: '#1b5fa8', style: 'line', width: 2 },
      { name: 'held-out', points: run.evaluationCosts, colour: '#e07b00', style: 'dots' },
    ],
  });
  ui.errorCurve.innerHTML = renderLineChart({
    width,
    height: 220,
    title: 'Bit errors per sequence (outputs thresholded at 0.5)',
    xLabel: 'sequences seen',
    yLabel: 'bit errors per sequence',
    series: [
      { name: 'smoothed training', points: smoothed(run.bitErrors, 0.9), colour: '#1b5fa8', style: 'line', width: 2 },
      { name: 'held-out', points: run.evaluationBitErrors, colour: '#e07b00', style: 'dots' },
    ],
  });
  ui.costCurve.dataset['costs'] = JSON.stringify(run.costs);
  ui.costCurve.dataset['evaluations'] = JSON.stringify(run.evaluationCosts);
  const last = run.lastStep;
  if (last && ui.root.dataset['state'] === 'running') {
    ui.status.textContent =
      `Step ${last.step}, ${last.sequencesSeen.toLocaleString('en')} sequences in ${last.wallSeconds.toFixed(1)} s ` +
      `(${last.sequencesPerSecond.toFixed(0)} sequences/s): cost ${last.cost.toFixed(2)} bits, ${last.bitErrors.toFixed(2)} bit errors per sequence.`;
  }
}

function queueRedraw(): void {
  if (run.redrawQueued) return;
  run.redrawQueued = true;
  requestAnimationFrame(redraw);
}

function onMessage(message: WorkerMessage): void {
  switch (message.kind) {
    case 'started':
      setState('running');
      ui.status.textContent = `Training a copy NTM of ${message.parameters.toLocaleString('en')} parameters on ${message.backend} in a web worker…`;
      break;
    case 'step':
      run.lastStep = message;
      run.costs.push([message.sequencesSeen, message.cost]);
      run.bitErrors.push([message.sequencesSeen, message.bitErrors]);
      queueRedraw();
      break;
    case 'evaluation': {
      run.evaluationCosts.push([message.sequencesSeen, message.cost]);
      run.evaluationBitErrors.push([message.sequencesSeen, message.bitErrors]);
      const row = ui.evaluations.tBodies[0]?.insertRow();
      for (const value of [message.step, message.sequencesSeen, message.wallSeconds.toFixed(1), message.cost.toFixed(3), message.bitErrors.toFixed(3)]) {
        const cell = row?.insertCell();
        if (cell) cell.textContent = String(value);
      }
      queueRedraw();
      break;
    }
    case 'finished': {
      setState('finished');
      const why = message.reason === 'converged' ? 'it copies every held-out sequence perfectly' : 'stopped';
      ui.status.textContent = `Finished after ${message.step} steps: ${why}.`;
      if (run.downloadUrl) URL.revokeObjectURL(run.downloadUrl);
      run.downloadUrl = URL.createObjectURL(new Blob([message.checkpoint as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      ui.download.href = run.downloadUrl;
      ui.download.hidden = false;
      try {
        sessionStorage.setItem(TRAINED_CHECKPOINT_KEY, bytesToBase64(message.checkpoint));
        ui.openInDemo.hidden = false;
      } catch {
        // A checkpoint larger than the session storage quota can still be downloaded.
      }
      run.worker?.terminate();
      run.worker = null;
      queueRedraw();
      break;
    }
    case 'error':
      setState('error');
      ui.status.textContent = `Training failed: ${message.message}`;
      console.error(`training worker: ${message.message}`);
      break;
  }
}

/** Empties the curves (a new run, or the page visited again). */
function resetCurves(): void {
  run.costs = [];
  run.bitErrors = [];
  run.evaluationCosts = [];
  run.evaluationBitErrors = [];
  run.lastStep = null;
}

function startTraining(): void {
  run.worker?.terminate();
  resetCurves();
  ui.evaluations.tBodies[0]?.replaceChildren();
  ui.download.hidden = true;
  ui.openInDemo.hidden = true;
  setState('starting');
  ui.status.textContent = 'Starting the worker and TensorFlow.js (WASM)…';
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => onMessage(event.data);
  worker.onerror = (event) => {
    setState('error');
    ui.status.textContent = `The training worker failed: ${event.message}`;
    console.error(`training worker: ${event.message}`);
  };
  run.worker = worker;
  const message: PageMessage = { kind: 'start', config: trainingConfig(readForm()) };
  worker.postMessage(message);
  queueRedraw();
}

function stopTraining(): void {
  if (!run.worker) return;
  setState('stopping');
  ui.status.textContent = 'Stopping after the current step…';
  const message: PageMessage = { kind: 'stop' };
  run.worker.postMessage(message);
}

/**
 * Fills the training form and wires its buttons (the page's controls must be in the
 * document). Returns what undoes it: stops the worker when the page is left.
 *
 * @example onMounted(() => { unmount = mountTraining(); }); onUnmounted(() => unmount());
 */
export function mountTraining(): () => void {
  ui = findUi();
  resetCurves();
  ui.openInDemo.href = `${import.meta.env.BASE_URL}demo.html?checkpoint=${TRAINED_CHECKPOINT_PARAMETER}`;
  for (const [name, preset] of Object.entries(TRAINING_PRESETS)) ui.preset.add(new Option(preset.label, name));
  ui.preset.addEventListener('change', () => fillForm(TRAINING_PRESETS[ui.preset.value as keyof typeof TRAINING_PRESETS].form));
  fillForm(TRAINING_PRESETS.tiny.form);
  ui.start.addEventListener('click', startTraining);
  ui.stop.addEventListener('click', stopTraining);
  setState('idle');
  redraw();
  return () => {
    run.worker?.terminate();
    run.worker = null;
  };
}
