import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CHECKPOINT_FORMAT_VERSION, encodeCheckpoint, modelOnly } from '@ntm/machine';
import { readCheckpointFile, writeFileAtomic } from '@ntm/machine/node';
import { helpText, parseCommandArguments, type CommandSpec } from '../arguments.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath, formatBytes } from '../format.js';
import type { CliIo } from '../io.js';

/**
 * `ntm convert`'s arguments and help.
 * @example io.stdout.write(helpText(convertSpec));
 */
export const convertSpec: CommandSpec = {
  name: 'convert',
  positionals: [{ name: 'checkpoint' }, { name: 'out' }],
  summary: [
    'Rewrites a checkpoint in the current format, a safetensors file (one written before it, in the',
    'older NTMC format, still loads everywhere), or with --model-only as a model to share: its config',
    "and parameters without the optimiser's and trainer's state (it can be shown and evaluated, not",
    'resumed). Reads and checks the whole file first; writes atomically; replaces no other file.',
  ].join('\n'),
  options: [{ name: 'model-only', kind: 'boolean', description: 'Keep only the model (and what it was trained on), not the state to resume it.' }],
  examples: ['ntm convert old/checkpoint.ntm old/checkpoint.ntm', 'ntm convert runs/copy/checkpoint.ntm copy-model.ntm --model-only'],
};

/**
 * `ntm convert <checkpoint> <out>`: rewrites a checkpoint as safetensors; returns the exit code.
 * @example const code = await runConvertCommand(['old.ntm', 'new.ntm', '--model-only'], processIo());
 */
export async function runConvertCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArguments(convertSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(convertSpec));
    return EXIT_CODES.success;
  }
  const [input, output] = parsed.positionals as [string, string];
  const inputPath = isAbsolute(input) ? input : resolve(io.cwd, input);
  const outputPath = isAbsolute(output) ? output : resolve(io.cwd, output);
  // Converting in place is the point of the command; writing over another file is not.
  if (existsSync(outputPath) && !(existsSync(inputPath) && realpathSync(outputPath) === realpathSync(inputPath))) {
    throw new UsageError(`${output} already exists and is not the checkpoint being converted; remove it or choose another name`);
  }
  const contents = readCheckpointFile(inputPath);
  const converted = parsed.values['model-only'] === true ? modelOnly(contents) : contents;
  const bytes = encodeCheckpoint(converted);
  writeFileAtomic(outputPath, bytes);
  const kept = converted === contents ? 'the model and the state to resume it' : 'the model only';
  io.stdout.write(
    `Wrote ${displayPath(outputPath, io.cwd)}: safetensors (ntm checkpoint format ${CHECKPOINT_FORMAT_VERSION}), ${converted.tensors.length} tensors, ${formatBytes(bytes.length)}; ${kept}\n`,
  );
  return EXIT_CODES.success;
}
