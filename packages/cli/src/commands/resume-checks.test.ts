import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpointFile, saveCheckpointFile } from '@ntm/machine/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import { TINY_TRAIN_FLAGS } from './__fixtures__/tiny-train-flags.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-resume-checks-'));
const tiny = TINY_TRAIN_FLAGS;

async function ntm(argv: string[]) {
  const io = memoryIo(folder);
  const code = await runCli(argv, io);
  return { code, ...io.output };
}

describe('a checkpoint whose CRC is valid but whose trainer state makes no sense', () => {
  beforeAll(async () => {
    expect((await ntm(['train', 'copy', ...tiny, '--steps', '2', '--out', 'good'])).code).toBe(0);
  }, 60_000);

  it.each([
    [{ step: -5 }, 'trainer.step is -5; expected an integer >= 0'],
    [{ formatVersion: 7 }, 'trainer.formatVersion is 7; expected 1 (the version this @ntm/trainer reads)'],
  ])('with %j is refused by train --resume, eval and show in one line', async (fields, problem) => {
    const contents = readCheckpointFile(join(folder, 'good', 'checkpoint.ntm'));
    const path = join(folder, `edited-${Object.keys(fields)[0]}.ntm`);
    saveCheckpointFile(path, { ...contents, metadata: { ...contents.metadata, trainer: { ...(contents.metadata['trainer'] as object), ...fields } } });
    for (const argv of [
      ['train', '--resume', path, '--out', 'never'],
      ['eval', path],
      ['show', path, '--out', join(folder, 'x.svg')],
    ]) {
      const { code, stdout, stderr } = await ntm(argv);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`ntm: error: ${path}: ${problem}\n`);
    }
  });
});
