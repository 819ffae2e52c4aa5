/**
 * How much does a dynamic N-grams model lose when it can only look back W steps? A model that
 * writes one memory slot a step keeps the evidence of the last N steps of the sequence (N slots)
 * once its write head wraps round. This scores the Bayes-optimal predictor with its counts taken
 * over the whole sequence so far, and the same predictor counting only the last W steps
 * (`bayesOptimalNgramCost(batch, { window })`), on the task's own sequences (200 bits each, a
 * fresh 6-gram table per sequence), and prints the cost of each in bits per sequence and how far
 * the windowed one is above the full one.
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

const batch = createTask('dynamic-ngrams').sample(new Random(seed), sequences);
const full = bayesOptimalNgramCost(batch).mean;
console.log(`dynamic N-grams, ${sequences} sequences of seed ${seed} (${batch.shape.steps} steps each)`);
console.log(`Bayes optimum, counting the whole sequence: ${full.toFixed(2)} bits per sequence`);
for (const window of windows) {
  const cost = bayesOptimalNgramCost(batch, { window }).mean;
  const above = (cost / full - 1) * 100;
  // A window as long as the sequence gives the optimum itself: print 0.00, not a rounding's -0.00.
  console.log(
    `counting only the last ${window} steps: ${cost.toFixed(2)} bits per sequence, ${(Math.abs(above) < 0.005 ? 0 : above).toFixed(2)} % above the optimum`,
  );
}
