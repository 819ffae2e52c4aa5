import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from '../arguments.js';
import { planTraining, trainSpec } from '../commands/train-options.js';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep, trainArguments } from './sweep-runs.js';

// The specs the reproduction report's numbers come from. A change to the spec format or to a
// task's defaults that leaves one of them unreadable, or that `ntm train` would refuse, shows
// here rather than an hour into someone's rerun.
const specsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../../../apps/bench/sweeps');
const specFiles = readdirSync(specsFolder)
  .filter((file) => /\.(ya?ml|json)$/.test(file))
  .sort();

describe('the sweep specs committed in apps/bench/sweeps', () => {
  it('are there to check', () => {
    expect(specFiles.length).toBeGreaterThan(10);
  });

  it.each(specFiles)('%s parses and says the command that runs it', (file) => {
    const text = readFileSync(join(specsFolder, file), 'utf8');
    expect(() => parseSweepSpec(text, join(specsFolder, file))).not.toThrow();
    expect(text).toContain(`ntm sweep apps/bench/sweeps/${file}`);
  });

  it.each(specFiles)('%s: every run is one ntm train would start', (file) => {
    const spec = parseSweepSpec(readFileSync(join(specsFolder, file), 'utf8'), join(specsFolder, file));
    const runs = expandSweep(spec);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      const argv = trainArguments(run, spec.budget, 'out/run', { resume: false }).slice(1); // drop the command name
      const plan = planTraining(parseCommandArguments(trainSpec, argv));
      expect(plan.kind).toBe('new');
    }
  });
});
