import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { memoryIo } from './io.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-cli-'));
writeFileSync(join(folder, 'garbage.ntm'), 'this is not a checkpoint at all');
writeFileSync(join(folder, 'empty.ntm'), '');

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = memoryIo(folder, { env });
  const code = await runCli(argv, io);
  return { code, ...io.output };
}

/** One line on stderr, `ntm: error: …`, and nothing that looks like a stack trace. */
function expectOneErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ntm: error: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

describe('runCli', () => {
  it('prints the version and the help', async () => {
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^ntm \d+\.\d+\.\d+\n$/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['train', 'eval', 'show', 'plot']) expect(help.stdout).toContain(`  ${command} `);
    const trainHelp = await run(['train', '--help']);
    expect(trainHelp.code).toBe(0);
    expect(trainHelp.stdout).toContain('Usage: ntm train [task] [options]');
    expect(trainHelp.stdout).toContain('--time-budget TIME');
    expect((await run(['help', 'plot'])).stdout).toContain('Usage: ntm plot <run>... [options]');
  });

  it('shows the help with exit code 2 when called with nothing', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage: ntm <command>');
  });

  it.each([
    [['trian', 'copy'], 2, 'ntm: error: unknown command "trian"; expected one of train, eval, show, plot, convert, sweep, worker (see ntm --help)'],
    [['--frobnicate'], 2, 'ntm: error: unknown option --frobnicate; expected one of train, eval, show, plot, convert, sweep, worker (see ntm --help)'],
    [['train', 'nope'], 2, 'ntm: error: unknown task "nope"; expected one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort'],
    [['train', 'copy', '--batch-size', '0'], 2, 'ntm: error: --batch-size must be an integer >= 1, got "0"'],
    [['train', 'copy', '--sede', '3'], 2, 'ntm: error: unknown option --sede for "ntm train" (see ntm train --help)'],
    [['train', 'copy', '--steps'], 2, 'ntm: error: option --steps needs a value (N), got nothing'],
    [['train', 'copy', '--time-budget', 'soon'], 2, 'ntm: error: --time-budget must be a duration > 0 such as 90 (seconds), 90s, 10m, 1h or 1h30m, got "soon"'],
    [['train', 'copy', '--task-config', '{"bits":0}'], 2, 'ntm: error: copy.bits must be an integer >= 1, got 0'],
    [['eval'], 2, 'ntm: error: missing <checkpoint> (usage: ntm eval <checkpoint> [options])'],
    [['show', 'x.ntm', '--out', 'picture.jpg'], 2, 'ntm: error: --out must end in .svg or .png, got "picture.jpg"'],
    [
      ['train', 'copy', '--backend', 'reference', '--steps', '1', '--out', 'reference-run'],
      2,
      'ntm: error: backend reference cannot train: it computes forward values only, no gradients; use tfjs-wasm or tfjs-cpu',
    ],
    [
      ['eval', 'garbage.ntm', '--task', 'sort'],
      2,
      'ntm: error: unknown task "sort"; expected one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort',
    ],
  ])('ntm %j exits %i with one line', async (argv, code, line) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(expectOneErrorLine(result.stderr)).toBe(line);
  });

  it.each([
    [['eval', 'missing.ntm'], /^ntm: error: checkpoint .*missing\.ntm does not exist$/],
    [['show', 'missing.ntm'], /^ntm: error: checkpoint .*missing\.ntm does not exist$/],
    [['train', '--resume', 'missing.ntm'], /^ntm: error: checkpoint .*missing\.ntm does not exist$/],
    [['eval', 'garbage.ntm'], /^ntm: error: .*garbage\.ntm is not a checkpoint: not a safetensors file \(.*\), nor an older NTMC one$/],
    [['show', 'empty.ntm'], /^ntm: error: .*empty\.ntm is not a checkpoint: not a safetensors file \(0 bytes is too short/],
    [['plot', 'no-such-run'], /^ntm: error: run no-such-run does not exist/],
  ])('ntm %j is a runtime error: exit 1, one line', async (argv, pattern) => {
    const result = await run(argv);
    expect(result.code).toBe(1);
    expect(expectOneErrorLine(result.stderr)).toMatch(pattern);
  });

  it('creates no run directory when training cannot start', () => {
    expect(existsSync(join(folder, 'reference-run'))).toBe(false);
  });

  it('prints the stack trace too with NTM_DEBUG=1', async () => {
    const result = await run(['eval', 'missing.ntm'], { NTM_DEBUG: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^ntm: error: checkpoint .* does not exist$/);
  });
});
