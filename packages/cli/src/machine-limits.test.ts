import { mkdtempSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTrainingConfig } from '@ntm/trainer';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { UsageError } from './errors.js';
import { memoryIo } from './io.js';
import { formatBytes } from './format.js';
import { checkTrainingLimits, WASM_MEMORY_BYTES } from './machine-limits.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-limits-'));
/** The issue's tiny copy config; each case below changes one size. */
const tiny = { '--task-config': '{"bits":4,"maxLength":3}', '--memory-slots': '8', '--word-size': '6', '--controller-size': '32', '--batch-size': '16' };

async function train(overrides: Record<string, string>, extra: string[] = []) {
  const io = memoryIo(folder);
  const flags = Object.entries({ ...tiny, ...overrides }).flat();
  const started = performance.now();
  const code = await runCli(['train', 'copy', ...flags, '--steps', '2', '--out', 'never', ...extra], io);
  return { code, seconds: (performance.now() - started) / 1000, ...io.output };
}

describe('ntm train refuses sizes the machine cannot hold, before allocating anything', () => {
  it.each([
    ['--batch-size', '1000000000'],
    ['--memory-slots', '100000000'],
    ['--heads', '10000000'],
    ['--task-config', '{"bits":1000000,"maxLength":3}'],
  ])('%s %s: one line with the estimate and the limit, at once', async (flag, value) => {
    const { code, seconds, stderr } = await train({ [flag]: value });
    expect(code).toBe(2);
    expect(seconds).toBeLessThan(5);
    expect(stderr).toMatch(
      /^ntm: error: a training run of these sizes needs about [\d.]+ [KMGTPE]iB \(weights and optimiser .*\) but (tfjs-wasm can hold at most 4\.00 GiB|75% of this machine's memory is [\d.]+ GiB); .*: make them smaller\n$/,
    );
    expect(stderr).toContain(flag === '--task-config' ? `--task-config '{"bits":1000000,"maxLength":3}'` : `${flag} ${value}`);
    expect(readdirSync(folder)).not.toContain('never');
  });

  it('refuses a first step that cannot finish within --time-budget even at a generous speed', () => {
    // A model small enough to fit, but a step's work far beyond a second.
    const config = resolveTrainingConfig({
      task: 'copy',
      taskConfig: { bits: 4, maxLength: 20 },
      batchSize: 4096,
      model: { preset: 'ntm-lstm' },
      timeBudgetSeconds: 1,
    });
    expect(() => checkTrainingLimits(config, { backend: 'tfjs-cpu', totalMemory: 2 ** 40 })).toThrow(
      /^one training step of these sizes takes at least [\d.]+s \([\d.]+e\+\d+ floating-point operations at 50 GFLOP\/s, faster than one thread runs\), longer than --time-budget 1s; --batch-size 4096/,
    );
    expect(() => checkTrainingLimits({ ...config, timeBudgetSeconds: null }, { backend: 'tfjs-cpu', totalMemory: 2 ** 40 })).not.toThrow();
  });

  it("uses the smaller of tfjs-wasm's 4 GiB and three quarters of the machine", () => {
    const config = resolveTrainingConfig({ task: 'copy', batchSize: 100_000 });
    expect(() => checkTrainingLimits(config, { backend: 'tfjs-cpu', totalMemory: 2 ** 40 })).not.toThrow();
    expect(() => checkTrainingLimits(config, { backend: undefined, totalMemory: 2 ** 40 })).toThrow(/tfjs-wasm can hold at most 4\.00 GiB/);
    expect(() => checkTrainingLimits(config, { backend: 'tfjs-cpu', totalMemory: 2 ** 30 })).toThrow(UsageError);
    expect(() => checkTrainingLimits(resolveTrainingConfig({ task: 'copy' }), { backend: undefined })).not.toThrow();
    expect(formatBytes(WASM_MEMORY_BYTES)).toBe('4.00 GiB');
    expect(formatBytes(118.4 * 2 ** 20)).toBe('118 MiB');
    expect(formatBytes(12)).toBe('12 bytes');
  });

  it('--workers above the cores is refused with the count of cores', async () => {
    const { code, stderr } = await train({}, ['--workers', String(availableParallelism() + 1)]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `ntm: error: --workers ${availableParallelism() + 1} is more than the ${availableParallelism()} core${availableParallelism() === 1 ? '' : 's'} of this machine (threads beyond the cores only take turns on them); use --workers ${availableParallelism()} or fewer, or auto\n`,
    );
  });
});
