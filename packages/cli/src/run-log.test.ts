import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError } from './errors.js';
import { logLine, readRunLog } from './run-log.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-log-'));

describe('run log', () => {
  it('writes one JSON line per record, with non-finite numbers as null', () => {
    const line = logLine({ kind: 'stop', time: 't', step: 3, sequencesSeen: 96, reason: 'stopped', signal: 'SIGINT', wallSeconds: Number.NaN, nanEvents: 0 });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({
      kind: 'stop',
      time: 't',
      step: 3,
      sequencesSeen: 96,
      reason: 'stopped',
      signal: 'SIGINT',
      wallSeconds: null,
      nanEvents: 0,
    });
  });

  it('reads records back, skipping a last line cut off mid-write', () => {
    const path = join(folder, 'cut.jsonl');
    writeFileSync(path, `${logLine({ kind: 'curriculum', time: 't', step: 1, level: 3 })}{"kind":"evalu`);
    expect(readRunLog(path)).toEqual([{ kind: 'curriculum', time: 't', step: 1, level: 3 }]);
  });

  it('tells the caller about a torn last line it skips', () => {
    const path = join(folder, 'torn.jsonl');
    writeFileSync(path, `${logLine({ kind: 'curriculum', time: 't', step: 1, level: 3 })}{"kind":"evaluation","step":2`);
    const torn: [number, string][] = [];
    expect(readRunLog(path, { onTornLastLine: (line, start) => torn.push([line, start]) })).toHaveLength(1);
    expect(torn).toEqual([[2, '{"kind":"evaluation","step":2']]);
  });

  it('never echoes raw bytes: a binary file is named with its bytes escaped, on one line', () => {
    const path = join(folder, 'binary.jsonl');
    writeFileSync(path, Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x00, 0xff, 0x0a, 0x0a));
    expect(() => readRunLog(path)).toThrow(new CommandError(`log ${path} line 1 is not JSON: \\x1b[2J\\x07\\x00\\ufffd`));
  });

  it.runIf(existsSync('/dev/zero'))('refuses a device or a named pipe instead of reading it forever', () => {
    expect(() => readRunLog('/dev/zero')).toThrow(new CommandError('log /dev/zero is a character device, not a file'));
    const pipe = join(folder, 'pipe.jsonl');
    execFileSync('mkfifo', [pipe]);
    expect(() => readRunLog(pipe)).toThrow(new CommandError(`log ${pipe} is a named pipe, not a file`));
  });

  it('names the file and line of a corrupt record', () => {
    const path = join(folder, 'bad.jsonl');
    writeFileSync(path, '{"kind":"start"}\nnot json\n{"kind":"stop"}\n');
    expect(() => readRunLog(path)).toThrow(new CommandError(`log ${path} line 2 is not JSON: not json`));
    writeFileSync(path, '[1,2]\n');
    expect(() => readRunLog(path)).toThrow(/line 1 is not a log record/);
    expect(() => readRunLog(join(folder, 'none.jsonl'))).toThrow(/does not exist$/);
  });
});
