import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-special-'));

describe('a named pipe or a device where a file is expected', () => {
  it.each([
    [['eval', 'pipe'], 'checkpoint {pipe} is a named pipe, not a file'],
    [['show', 'pipe'], 'checkpoint {pipe} is a named pipe, not a file'],
    [['train', '--resume', 'pipe'], 'checkpoint {pipe} is a named pipe, not a file'],
    [['plot', 'pipe'], 'log {pipe} is a named pipe, not a file'],
    [['eval', '/dev/zero'], 'checkpoint /dev/zero is a character device, not a file'],
  ])('ntm %j fails at once with one line instead of waiting forever', async (argv, message) => {
    const pipe = join(folder, 'pipe');
    execFileSync('mkfifo', ['-m', '600', pipe]);
    try {
      const io = memoryIo(folder);
      expect(await runCli(argv, io)).toBe(1);
      expect(io.output.stderr).toBe(`ntm: error: ${message.replace('{pipe}', pipe)}\n`);
    } finally {
      execFileSync('rm', ['-f', pipe]);
    }
  });
});
