/**
 * Where a repeat copy model goes wrong when asked for more repeats than it was trained on: the
 * wrong bits of each repeat of the sequence, whether the end marker comes on the last step, and
 * how often it fires before. `ntm eval` gives the total per sequence; this splits it, to tell a
 * count that runs out (errors only in the last repeats) from a model the unseen count input
 * disturbs throughout (errors from the first repeat on).
 *
 * The count input is normalised over the trained range 1–10 (the task's default), so 20 repeats
 * reach the model as (20 − 5.5) / √8.25 ≈ 5.05, far beyond the ±1.57 it saw in training.
 *
 * Usage: node apps/bench/scripts/repeat-copy-by-repeat.mjs <model.ntm> [length=10] [repeats=20] [episodes=128] [seed=3]
 * (run `pnpm build` first: it imports the built `@ntm/*` packages; a model-only file or a checkpoint.)
 */
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { loadModelFile } from '@ntm/machine/node';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';

const [file, lengthText = '10', repeatsText = '20', episodesText = '128', seedText = '3'] = process.argv.slice(2);
const [length, repeats, episodes, seed] = [lengthText, repeatsText, episodesText, seedText].map(Number);
if (!file || [length, repeats, episodes].some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seed)) {
  process.stderr.write('usage: node repeat-copy-by-repeat.mjs <model.ntm> [length >= 1] [repeats >= 1] [episodes >= 1] [integer seed]\n');
  process.exit(2);
}

const backend = await createTfjsBackend('wasm');
const model = loadModelFile(backend, file);
const task = createTask('repeat-copy', {
  minLength: length,
  maxLength: length,
  minRepeats: repeats,
  maxRepeats: repeats,
  countMinRepeats: 1,
  countMaxRepeats: 10,
});
const batch = task.sample(new Random(seed), episodes);
const { steps, inputSize, outputSize } = batch.shape;
const bits = outputSize - 1; // the last output channel is the end marker
const inputs = backend.tensor(batch.inputs, [steps, episodes, inputSize]);
const { logits } = model.run(inputs); // [steps, episodes, outputSize]
const output = await logits.data();
inputs.dispose();
logits.dispose();

/** A logit above 0 is a predicted 1 (the model's output goes through a sigmoid). */
const predicted = (step, episode, channel) => (output[(step * episodes + episode) * outputSize + channel] > 0 ? 1 : 0);
const target = (step, episode, channel) => batch.targets[(step * episodes + episode) * outputSize + channel];

const wrongBitsPerRepeat = new Array(repeats).fill(0);
const trainedRepeats = Math.min(repeats, 10);
let earlyEndMarkers = 0;
let missedEndMarkers = 0;
let exactOverTrainedRepeats = 0;
for (let episode = 0; episode < episodes; episode++) {
  let wrongInTrainedRepeats = 0;
  for (let k = 0; k < repeats * length; k++) {
    const step = length + 1 + k; // the answer starts the step after the delimiter
    for (let channel = 0; channel < bits; channel++) {
      if (predicted(step, episode, channel) === target(step, episode, channel)) continue;
      wrongBitsPerRepeat[Math.floor(k / length)] += 1;
      if (k < trainedRepeats * length) wrongInTrainedRepeats += 1;
    }
    earlyEndMarkers += predicted(step, episode, bits);
  }
  if (wrongInTrainedRepeats === 0) exactOverTrainedRepeats += 1;
  missedEndMarkers += 1 - predicted(steps - 1, episode, bits);
}

const total = wrongBitsPerRepeat.reduce((sum, wrong) => sum + wrong, 0) / episodes;
console.log(`repeat copy, length ${length} × ${repeats} repeats, ${episodes} episodes of seed ${seed} (count normalised over 1–10)`);
console.log(`wrong bits per episode, by repeat (of ${length * bits} each):`);
console.log(`  ${wrongBitsPerRepeat.map((wrong) => (wrong / episodes).toFixed(1)).join(' ')}`);
console.log(`  total ${total.toFixed(1)} (the end marker aside)`);
console.log(`episodes whose first ${trainedRepeats} repeats are exact: ${exactOverTrainedRepeats} of ${episodes}`);
console.log(
  `end marker: missed on the last step in ${missedEndMarkers} of ${episodes}; fired early ${(earlyEndMarkers / episodes).toFixed(2)} steps per episode`,
);
