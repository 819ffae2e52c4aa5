/**
 * What the priority-sort analysis scripts share: their arguments (`<model.ntm> [episodes]
 * [seed]`), the model loaded on tfjs-wasm, and a batch of the task's episodes to run it on.
 *
 * @example
 * const { backend, model, task, batch, episodes, seed } = await loadPrioritySortEpisodes('sort-write-map.mjs', 64, 5);
 */
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { loadModelFile } from '@ntm/machine/node';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';

/** Reads `process.argv` (exits with a usage line on bad input), loads the model and samples the episodes. */
export async function loadPrioritySortEpisodes(scriptName, defaultEpisodes, defaultSeed) {
  const [file, episodesText = String(defaultEpisodes), seedText = String(defaultSeed)] = process.argv.slice(2);
  const [episodes, seed] = [episodesText, seedText].map(Number);
  if (!file || !Number.isInteger(episodes) || episodes < 1 || !Number.isInteger(seed)) {
    process.stderr.write(`usage: node ${scriptName} <model.ntm> [episodes >= 1, default ${defaultEpisodes}] [integer seed, default ${defaultSeed}]\n`);
    process.exit(2);
  }
  const backend = await createTfjsBackend('wasm');
  const model = loadModelFile(backend, file);
  const task = createTask('priority-sort');
  return { backend, model, task, batch: task.sample(new Random(seed), episodes), episodes, seed };
}
