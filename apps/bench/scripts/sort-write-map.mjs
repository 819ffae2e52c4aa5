/**
 * Where a priority-sort model writes each vector against its priority (the paper's Figure 17),
 * per write head: how sharp the writes are, and how far apart the slots of two priorities fall.
 * Over the 20 input steps of 64 episodes, each write weighting is summarised by its peak, its
 * centre (the weighted mean slot within ±10 of the peak) and its width (the standard deviation
 * of the same). For the vectors of priority above −0.4 (about the ones asked back: the 16 of 20
 * highest), a least-squares line of the centre against the priority gives the map's slope in
 * slots per unit of priority and the residual scatter around it. A sorting head shows a large
 * peak, a small residual and a slope whose size sets how close two priorities can be and still
 * be written to different slots.
 *
 * Usage: node apps/bench/scripts/sort-write-map.mjs <model.ntm> [episodes=64] [seed=5]
 * (run `pnpm build` first: it imports the built `@ntm/*` packages; a model-only file or a checkpoint.)
 */
import { loadPrioritySortEpisodes } from './priority-sort-episodes.mjs';

const { backend, model, task, batch, episodes, seed } = await loadPrioritySortEpisodes('sort-write-map.mjs', 64, 5);
const { steps, inputSize } = batch.shape;
const inputVectors = task.config.inputCount; // the input phase: one vector a step
const priorityChannel = task.config.bits; // channels 0…bits−1 hold the vector, then its priority
const inputs = backend.tensor(batch.inputs, [steps, episodes, inputSize]);
const { logits, trace } = model.run(inputs, { trace: true });
inputs.dispose();
logits.dispose();
const heads = trace.writeHeads;
const slots = trace.steps[0].writeWeighting.length / (episodes * heads);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

console.log(`priority sort, ${episodes} episodes of seed ${seed}: where each write head puts the ${inputVectors} input vectors`);
for (let head = 0; head < heads; head++) {
  const writes = [];
  for (let step = 0; step < inputVectors; step++) {
    const weighting = trace.steps[step].writeWeighting; // [episodes, heads, slots]
    for (let episode = 0; episode < episodes; episode++) {
      const at = (slot) => weighting[(episode * heads + head) * slots + ((slot + slots) % slots)];
      let peak = 0;
      let peakSlot = 0;
      for (let slot = 0; slot < slots; slot++) {
        if (at(slot) > peak) [peak, peakSlot] = [at(slot), slot];
      }
      // Moments within ±10 slots of the peak, so that a far, faint tail does not move the centre.
      let mass = 0;
      let first = 0;
      let second = 0;
      for (let offset = -10; offset <= 10; offset++) {
        const weight = at(peakSlot + offset);
        mass += weight;
        first += weight * offset;
        second += weight * offset * offset;
      }
      const mean = first / mass;
      writes.push({
        priority: batch.inputs[(step * episodes + episode) * inputSize + priorityChannel],
        centre: peakSlot + mean,
        width: Math.sqrt(Math.max(0, second / mass - mean * mean)),
        peak,
      });
    }
  }
  const asked = writes.filter((write) => write.priority > -0.4);
  const meanPriority = asked.reduce((sum, write) => sum + write.priority, 0) / asked.length;
  const meanCentre = asked.reduce((sum, write) => sum + write.centre, 0) / asked.length;
  const covariance = asked.reduce((sum, write) => sum + (write.priority - meanPriority) * (write.centre - meanCentre), 0);
  const variance = asked.reduce((sum, write) => sum + (write.priority - meanPriority) ** 2, 0);
  const slope = covariance / variance;
  const residual = Math.sqrt(asked.reduce((sum, write) => sum + (write.centre - meanCentre - slope * (write.priority - meanPriority)) ** 2, 0) / asked.length);
  console.log(
    `write head ${head + 1}: peak weight ${median(writes.map((write) => write.peak)).toFixed(2)} (median), ` +
      `${slope.toFixed(1)} slots per unit of priority, ${residual.toFixed(2)} slots off the line, ` +
      `width ${median(asked.map((write) => write.width)).toFixed(2)} slots (median standard deviation)`,
  );
}
