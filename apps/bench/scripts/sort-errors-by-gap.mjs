/**
 * Where a priority-sort model goes wrong: wrong bits per output rank, and per output vector
 * against how close its priority is to a neighbour's in the sorted order (the smaller of the
 * gaps to the vectors ranked just above and just below it). A sorter whose priority-to-slot map
 * is too coarse writes close priorities over each other, so its errors gather in the small
 * gaps; one that has not learned to sort makes them everywhere.
 *
 * Usage: node apps/bench/scripts/sort-errors-by-gap.mjs <model.ntm> [episodes=512] [seed=3141]
 * (run `pnpm build` first: it imports the built `@ntm/*` packages; a model-only file or a checkpoint.)
 */
import { loadPrioritySortEpisodes } from './priority-sort-episodes.mjs';

const { backend, model, task, batch, episodes, seed } = await loadPrioritySortEpisodes('sort-errors-by-gap.mjs', 512, 3141);
const { bits, inputCount, outputCount } = task.config;
const { steps, inputSize, outputSize } = batch.shape;
const inputs = backend.tensor(batch.inputs, [steps, episodes, inputSize]);
const { logits } = model.run(inputs); // [steps, episodes, outputSize]
const output = await logits.data();
inputs.dispose();
logits.dispose();

/** Upper bounds of the gap buckets; a gap at or above the last falls in the final bucket. */
const bucketBounds = [0.005, 0.01, 0.02, 0.05, 0.1];
const bucketNames = [...bucketBounds.map((bound, index) => `${index === 0 ? 0 : bucketBounds[index - 1]}–${bound}`), `≥ ${bucketBounds.at(-1)}`];
const wrongPerBucket = new Array(bucketNames.length).fill(0);
const vectorsPerBucket = new Array(bucketNames.length).fill(0);
const wrongPerRank = new Array(outputCount).fill(0);
const priorityChannel = bits; // channels 0…bits−1 hold the vector, then its priority

for (let episode = 0; episode < episodes; episode++) {
  const priorities = Array.from({ length: inputCount }, (_, step) => batch.inputs[(step * episodes + episode) * inputSize + priorityChannel]);
  const sorted = [...priorities].sort((a, b) => b - a); // highest first, the order asked for
  for (let rank = 0; rank < outputCount; rank++) {
    const step = inputCount + 1 + rank; // the answer starts the step after the delimiter
    let wrong = 0;
    for (let channel = 0; channel < outputSize; channel++) {
      const index = (step * episodes + episode) * outputSize + channel;
      if ((output[index] > 0 ? 1 : 0) !== batch.targets[index]) wrong += 1;
    }
    wrongPerRank[rank] += wrong;
    const above = rank > 0 ? sorted[rank - 1] - sorted[rank] : Number.POSITIVE_INFINITY;
    const below = rank + 1 < sorted.length ? sorted[rank] - sorted[rank + 1] : Number.POSITIVE_INFINITY;
    const gap = Math.min(above, below);
    const bucket = bucketBounds.findIndex((bound) => gap < bound);
    const at = bucket === -1 ? bucketNames.length - 1 : bucket;
    wrongPerBucket[at] += wrong;
    vectorsPerBucket[at] += 1;
  }
}

const total = wrongPerRank.reduce((sum, wrong) => sum + wrong, 0);
console.log(`priority sort, ${episodes} episodes of seed ${seed}: ${(total / episodes).toFixed(2)} wrong bits per sequence`);
console.log(`by output rank (highest priority first): ${wrongPerRank.map((wrong) => (wrong / episodes).toFixed(2)).join(' ')}`);
console.log('by the gap to the nearest neighbouring priority:');
for (const [index, name] of bucketNames.entries()) {
  const vectors = vectorsPerBucket[index];
  if (vectors === 0) continue;
  const perVector = (wrongPerBucket[index] / vectors).toFixed(2);
  console.log(
    `  gap ${name}: ${(vectors / episodes).toFixed(2)} vectors per sequence, ${perVector} wrong bits per vector, ${(wrongPerBucket[index] / episodes).toFixed(2)} per sequence`,
  );
}
