/**
 * `ntm` whose output is piped into a reader that stops early (`ntm eval … | head -3`): the real
 * bundle (built into a temporary folder, never into `dist`), since what is tested is how the
 * process treats its own streams.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationLine } from './commands/__fixtures__/evaluation-line.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(join(tmpdir(), 'ntm-closed-output-'));
const bundle = join(folder, 'bin', 'ntm.js');

afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'build.mjs'), join(folder, 'bin')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the ntm bundle did not build: ${build.stderr}${build.stdout}`);
}, 120_000);

/** Runs the bundle with its stdout's reader closed before it writes a byte. */
function ntmWithStdoutClosed(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...argv], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('ntm with its output piped into a reader that has gone', () => {
  it('finishes its work and exits 0, without a stack trace', async () => {
    for (const run of ['a', 'b']) {
      mkdirSync(join(folder, run));
      writeFileSync(join(folder, run, 'log.jsonl'), `${evaluationLine(10)}${evaluationLine(20)}`);
    }
    const help = await ntmWithStdoutClosed(['train', '--help']);
    expect(help).toEqual({ code: 0, stderr: '' });
    // Several writes after the first has failed: the picture is still written.
    const plot = await ntmWithStdoutClosed(['plot', 'a', 'b', '--out', 'band.svg']);
    expect(plot).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(folder, 'band.svg'))).toBe(true);
  }, 60_000);
});
