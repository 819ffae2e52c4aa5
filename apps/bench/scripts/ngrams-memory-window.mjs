/**
 * How much does a dynamic N-grams model lose when it can only look back W steps? A model that
 * writes one memory slot a step keeps the evidence of the last N steps of the sequence (N slots)
 * once its write head wraps round. This scores the Bayes-optimal predictor
 * `P(1 | context) = (N1 + ½) / (N1 + N0 + 1)` with its counts taken over the whole sequence so
 * far, and the same predictor counting only the evidence of the last W steps, on the task's own
 * sequences (200 bits each, a fresh 6-gram table per sequence), and prints the cost of each in
 * bits per sequence and how far the windowed one is above the full one.
 *
 * Usage: node apps/bench/scripts/ngrams-memory-window.mjs [sequences=1000] [seed=1] [windows=128,160,200]
 * (run `pnpm build` first: it imports the built `@ntm/tasks` and `@ntm/random`).
 */
import { Random } from '@ntm/random';
import { bayesOptimalNgramCost, createTask } from '@ntm/tasks';

const [sequencesText = '1000', seedText = '1', windowsText = '128,160,200'] = process.argv.slice(2);
const sequences = Number(sequencesText);
const seed = Number(seedText);
const windows = windowsText.split(',').map(Number);
if (!Number.isInteger(sequences) || sequences < 1 || !Number.isInteger(seed) || windows.some((w) => !Number.isInteger(w) || w < 1)) {
  process.stderr.write('usage: node ngrams-memory-window.mjs [sequences >= 1] [integer seed] [windows, integers >= 1, comma-separated]\n');
  process.exit(2);
}

const task = createTask('dynamic-ngrams');
const batch = task.sample(new Random(seed), sequences);
const { steps, batchSize } = batch.shape;
const tableSize = 2 ** batch.contextBits;

/** Cost in bits per sequence of the Bayes predictor counting only the evidence of the last `window` steps. */
function windowedCost(window) {
  let total = 0;
  for (let episode = 0; episode < batchSize; episode++) {
    // evidence[s] = the context and next bit seen at scored step s, or null.
    const evidence = [];
    let context = 0;
    const length = batch.lengths[episode];
    for (let step = 0; step < length; step++) {
      const row = step * batchSize + episode;
      context = ((context << 1) | (batch.inputs[row] === 1 ? 1 : 0)) & (tableSize - 1);
      if (batch.mask[row] === 0) {
        evidence.push(null);
        continue;
      }
      let ones = 0;
      let zeros = 0;
      for (let earlier = Math.max(0, step - window); earlier < step; earlier++) {
        const seen = evidence[earlier];
        if (seen && seen.context === context) seen.bit === 1 ? ones++ : zeros++;
      }
      const p = (ones + 0.5) / (ones + zeros + 1);
      const bit = batch.targets[row];
      total -= Math.log2(bit === 1 ? p : 1 - p);
      evidence.push({ context, bit });
    }
  }
  return total / batchSize;
}

const full = bayesOptimalNgramCost(batch).mean;
console.log(`dynamic N-grams, ${sequences} sequences of seed ${seed} (${steps} steps each)`);
console.log(`Bayes optimum, counting the whole sequence: ${full.toFixed(2)} bits per sequence`);
for (const window of windows) {
  const cost = windowedCost(window);
  const above = (cost / full - 1) * 100;
  // A window as long as the sequence gives the optimum itself: print 0.00, not a rounding's -0.00.
  console.log(
    `counting only the last ${window} steps: ${cost.toFixed(2)} bits per sequence, ${(Math.abs(above) < 0.005 ? 0 : above).toFixed(2)} % above the optimum`,
  );
}
