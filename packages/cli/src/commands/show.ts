import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadModel, type EpisodeTrace } from '@ntm/machine';
import { Random } from '@ntm/random';
import { batchToTensors, bitErrorsPerSequence, bitsPerSequence, EPISODE_SIZE_FIELDS, type Batch, type Task } from '@ntm/tasks';
import { helpText, parseCommandArguments, parseIntegerFlag, parseSeedFlag, type CommandSpec } from '../arguments.js';
import { checkBackendName, openBackend } from '../backends.js';
import { checkCheckpointFits, checkModelFitsTask, describeModel, readCheckpointInfo } from '../checkpoint-info.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath, formatCount, formatMeasure } from '../format.js';
import type { CliIo } from '../io.js';
import { pictureFormat, writePicture } from '../picture-file.js';
import { episodeFigure, taskAnnotations } from '@ntm/figures';
import { createTaskOrUsageError, taskAtSize } from '../task-options.js';

/**
 * `ntm show`'s arguments and help.
 * @example io.stdout.write(helpText(showSpec));
 */
export const showSpec: CommandSpec = {
  name: 'show',
  positionals: [{ name: 'checkpoint' }],
  summary: [
    "Runs a checkpoint's model on one episode and draws it as the paper draws its task (Figures 6, 8, 11,",
    '14, 17): inputs, targets and outputs, the add and read vectors, the write and read weightings over',
    'the memory slots along time, and the memory at the end; recall outlines the query and the answer,',
    "N-grams adds the Bayes-optimal predictor's P(1), priority sort the priorities and where each vector",
    'was written against its priority. SVG or PNG, by the --out extension.',
  ].join('\n'),
  options: [
    { name: 'length', kind: 'string', placeholder: 'N', description: 'Episode size (copy: vectors; associative-recall: items); default the training maximum.' },
    { name: 'seed', kind: 'string', placeholder: 'N', description: 'Seed of the episode (default 1).' },
    { name: 'out', kind: 'string', placeholder: 'FILE', description: 'Picture to write, .svg or .png (default episode.svg beside the checkpoint).' },
    { name: 'no-memory', kind: 'boolean', description: 'Leave out the memory at the end.' },
    { name: 'backend', kind: 'string', placeholder: 'NAME', description: 'tfjs-wasm, tfjs-cpu or reference (default: the fastest that starts).' },
    { name: 'task', kind: 'string', placeholder: 'NAME', description: 'The task, for a checkpoint that holds only a model.' },
  ],
  examples: ['ntm show runs/copy/checkpoint.ntm', 'ntm show runs/copy/checkpoint.ntm --length 50 --out copy-50.png'],
};

/**
 * `ntm show <checkpoint>`: draws one episode to an SVG or PNG; returns the exit code.
 * @example const code = await runShowCommand(['runs/copy/checkpoint.ntm', '--length', '30'], processIo());
 */
export async function runShowCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArguments(showSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(showSpec));
    return EXIT_CODES.success;
  }
  const text = (name: string) => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  const length = text('length') === undefined ? undefined : parseIntegerFlag('length', text('length') as string);
  const seed = text('seed') === undefined ? 1 : parseSeedFlag('seed', text('seed') as string);
  const outFlag = text('out');
  if (outFlag !== undefined) pictureFormat(outFlag);
  checkBackendName(text('backend'));
  const checkpointPath = parsed.positionals[0] as string;
  const info = readCheckpointInfo(checkpointPath, io.cwd, text('task'));
  const fields = EPISODE_SIZE_FIELDS[info.task];
  if (length !== undefined && !fields) throw new UsageError(`--length does not apply to task ${info.task} (its episodes have a fixed size)`);
  const baseTask = createTaskOrUsageError(info.task, info.taskConfig);
  checkModelFitsTask(info, baseTask);
  checkCheckpointFits(info, text('backend'));
  const size = length ?? (fields ? ((baseTask.config as Record<string, number>)[fields.maximum] as number) : undefined);
  const task: Task = size === undefined ? baseTask : taskAtSize(info.task, info.taskConfig, size);
  const batch = task.sample(new Random(seed), 1);

  const backend = await openBackend(text('backend'), io);
  const model = loadModel(backend, info.contents, info.path);
  let trace: EpisodeTrace | undefined;
  try {
    const logits = backend.tidy(() => {
      const result = model.run(batchToTensors(backend, batch).inputs, { trace: true });
      trace = result.trace;
      return result.logits;
    });
    backend.dispose(logits);
  } finally {
    model.dispose();
  }
  if (!trace) throw new Error(`the model of ${checkpointPath} returned no trace`);
  const { cost, bitErrors } = episodeScore(trace, batch);
  const sizeText = size === undefined || !fields ? '' : `, ${fields.unit} ${size}`;
  const step = info.trainer ? `step ${formatCount(info.trainer.step)} · ` : '';
  const out = resolve(io.cwd, outFlag ?? join(dirname(isAbsolute(checkpointPath) ? checkpointPath : resolve(io.cwd, checkpointPath)), 'episode.svg'));
  writePicture(
    out,
    episodeFigure({
      trace,
      batch,
      title: `${info.task}${sizeText}: cost ${formatMeasure(cost)} bits, ${formatMeasure(bitErrors)} bit errors`,
      subtitle: `${describeModel(info.contents.model as never)} · ${step}episode seed ${seed} · ${displayPath(info.path, io.cwd)}`,
      showMemory: parsed.values['no-memory'] !== true,
      ...taskAnnotations(info.task, batch, trace),
    }),
  );
  io.stdout.write(
    `Wrote ${displayPath(out, io.cwd)} (${info.task}${sizeText}, seed ${seed}: cost ${formatMeasure(cost)} bits, ${formatMeasure(bitErrors)} bit errors)\n`,
  );
  return EXIT_CODES.success;
}

/** Cost and bit errors of the traced episode, from the trace's outputs (`[time][batch, outputs]`). */
function episodeScore(trace: EpisodeTrace, batch: Batch): { cost: number; bitErrors: number } {
  const probabilities = new Float32Array(batch.targets.length); // [time, batch, outputs]
  trace.steps.forEach((step, index) => probabilities.set(step.output, index * step.output.length));
  return { cost: bitsPerSequence(probabilities, batch).mean, bitErrors: bitErrorsPerSequence(probabilities, batch).mean };
}
