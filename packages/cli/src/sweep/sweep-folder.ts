import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ntm/machine/node';
import { CommandError } from '../errors.js';
import { parseSweepSpec, sweepSpecToFile, type SweepSpec } from './sweep-spec.js';

/**
 * The file in a sweep's folder that holds its checked spec (every default filled in), so
 * that `ntm sweep report` and a later re-run know the sweep without the original file.
 * @example join(sweepDirectory, SWEEP_FILE) // 'sweeps/copy-seeds/sweep.json'
 */
export const SWEEP_FILE = 'sweep.json';

/**
 * A run's folder inside a sweep's: `<sweep>/runs/<id>`.
 * @example runDirectoryOf('sweeps/copy-seeds', 'copy-ntm-lstm-adam-s1') // 'sweeps/copy-seeds/runs/copy-ntm-lstm-adam-s1'
 */
export function runDirectoryOf(sweepDirectory: string, runId: string): string {
  return join(sweepDirectory, 'runs', runId);
}

/**
 * Writes `sweep.json` atomically.
 * @example writeSweepFile('sweeps/copy-seeds', spec);
 */
export function writeSweepFile(sweepDirectory: string, spec: SweepSpec): void {
  writeFileAtomic(join(sweepDirectory, SWEEP_FILE), new TextEncoder().encode(`${JSON.stringify(sweepSpecToFile(spec), null, 2)}\n`));
}

/**
 * Reads a sweep folder's `sweep.json` back into a checked spec.
 * @example const spec = readSweepFile('sweeps/copy-seeds');
 */
export function readSweepFile(sweepDirectory: string): SweepSpec {
  const path = join(sweepDirectory, SWEEP_FILE);
  if (!existsSync(path)) throw new CommandError(`${sweepDirectory} is not a sweep folder: it has no ${SWEEP_FILE} (made by ntm sweep)`);
  const spec = parseSweepSpec(readFileSync(path, 'utf8'), path);
  return spec;
}
