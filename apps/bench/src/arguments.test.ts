import { describe, expect, it } from 'vitest';
import { parseBenchArguments, parseDuration, UsageError } from './arguments.js';
import { DEFAULT_CONVERGE_PLAN } from './converge/converge-plan.js';
import { DEFAULT_SPEED_PLAN, QUICK_SPEED_PLAN } from './speed/speed-plan.js';

describe('parseBenchArguments', () => {
  it('runs the default speed benchmark with no arguments', () => {
    expect(parseBenchArguments([])).toEqual({ kind: 'speed', plan: DEFAULT_SPEED_PLAN, outputFolder: null });
  });

  it('takes the quick plan for --quick, with overrides', () => {
    const command = parseBenchArguments(['--quick', '--backends', 'wasm', '--out', 'somewhere']);
    expect(command).toEqual({ kind: 'speed', plan: { ...QUICK_SPEED_PLAN, backends: ['wasm'] }, outputFolder: 'somewhere' });
  });

  it('reads batches, repetitions and the cap', () => {
    const command = parseBenchArguments(['--batches', '128,32', '--repetitions', '5', '--cap', '2m']);
    expect(command).toMatchObject({ kind: 'speed', plan: { batchSizes: [32, 128], repetitions: 5, capSeconds: 120 } });
  });

  it('reads the converge mode: seeds, budget, backend, cadence, curriculum', () => {
    const command = parseBenchArguments(['--mode', 'converge', '--seeds', '1,2,3', '--budget', '20m', '--eval-every', '25', '--curriculum', 'length']);
    expect(command).toEqual({
      kind: 'converge',
      plan: { ...DEFAULT_CONVERGE_PLAN, seeds: [1, 2, 3], budgetSeconds: 1200, evaluationEvery: 25, curriculum: 'length' },
      outputFolder: null,
    });
  });

  it('reads the compare mode: the files of each side and the output folder', () => {
    expect(parseBenchArguments(['--mode', 'compare', '--before', 'a/converge.json, b/converge.json', '--after', 'c/converge.json', '--out', '/tmp/x'])).toEqual(
      {
        kind: 'compare',
        beforeFiles: ['a/converge.json', 'b/converge.json'],
        afterFiles: ['c/converge.json'],
        outputFolder: '/tmp/x',
      },
    );
    expect(parseBenchArguments(['--mode', 'compare', '--before', 'a.json', '--after', 'b.json'])).toMatchObject({ outputFolder: null });
  });

  it.each([
    [['--mode', 'fast'], '--mode must be speed, converge or compare, got "fast"'],
    [['--mode', 'compare', '--after', 'b.json'], '--mode compare needs --before FILE[,FILE…]: the converge.json files from before the change'],
    [['--mode', 'compare', '--before', 'a.json'], '--mode compare needs --after FILE[,FILE…]: the converge.json files from after the change'],
    [
      ['--mode', 'compare', '--before', 'a.json,,b.json', '--after', 'c.json'],
      '--before must be a comma-separated list of converge.json files, got "a.json,,b.json"',
    ],
    [['--mode', 'compare', '--before', 'a.json', '--after', 'b.json', '--seeds', '1'], '--seeds applies to --mode converge, not to --mode compare'],
    [['--mode', 'compare', '--before', 'a.json', '--after', 'b.json', '--quick'], '--quick applies to the speed benchmark, not to --mode compare'],
    [['--mode', 'compare', '--before', 'a.json', '--after', 'b.json', '--batches', '8'], '--batches applies to the speed benchmark, not to --mode compare'],
    [['--before', 'a.json'], '--before applies to --mode compare, not to the speed benchmark'],
    [['--mode', 'converge', '--after', 'b.json'], '--after applies to --mode compare, not to --mode converge'],
    [['--backends', 'wasm,webgl'], '--backends must name tfjs backends among wasm, cpu, got "webgl"'],
    [['--batches', '0,8'], '--batches must be a comma-separated list of integers >= 1, got "0,8"'],
    [['--repetitions', '2.5'], '--repetitions must be a positive integer, got "2.5"'],
    [['--seeds', '1'], '--seeds applies to --mode converge, not to the speed benchmark'],
    [['--mode', 'converge', '--quick'], '--quick applies to the speed benchmark, not to --mode converge'],
    [['--mode', 'converge', '--curriculum', 'steep'], '--curriculum must be none or length, got "steep"'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseBenchArguments(argv)).toThrow(new UsageError(message));
  });

  it('rejects unknown flags, pointing at --help', () => {
    expect(() => parseBenchArguments(['--fast'])).toThrow(/Unknown option '--fast'.*see --help/);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes and hours', () => {
    expect(parseDuration('--budget', '90s')).toBe(90);
    expect(parseDuration('--budget', '20m')).toBe(1200);
    expect(parseDuration('--budget', '1.5h')).toBe(5400);
  });

  it('wants a unit and a length above zero', () => {
    expect(() => parseDuration('--budget', '20')).toThrow('--budget must be a duration such as 90s, 20m or 1h, got "20"');
    expect(() => parseDuration('--budget', '0m')).toThrow('--budget must be longer than 0, got "0m"');
  });
});
