import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { catchStopSignals, RunDirectory } from './run-directory.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-run-'));

describe('RunDirectory', () => {
  it('creates the folder, appends whole log lines and replaces the config without leftovers', () => {
    const run = RunDirectory.open(join(folder, 'a', 'b'), { resuming: false });
    run.appendLog({ kind: 'curriculum', time: 't', step: 1, level: 2 });
    run.appendLog({ kind: 'curriculum', time: 't', step: 2, level: 3 });
    expect(readFileSync(run.logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line).level)).toEqual([2, 3]);
    run.writeConfig({ task: 'copy' } as never);
    run.writeConfig({ task: 'repeat-copy' } as never);
    expect(JSON.parse(readFileSync(run.configPath, 'utf8'))).toEqual({ task: 'repeat-copy' });
    expect(readdirSync(run.path).sort()).toEqual(['config.json', 'log.jsonl']);
  });

  it('refuses to start a new run where one exists, but lets a resume continue it', () => {
    const path = join(folder, 'a', 'b');
    expect(() => RunDirectory.open(path, { resuming: false })).toThrow(UsageError);
    expect(RunDirectory.open(path, { resuming: true }).checkpointPath).toBe(join(path, 'checkpoint.ntm'));
    expect(existsSync(join(folder, 'fresh'))).toBe(false);
  });
});

describe('catchStopSignals', () => {
  it('turns the first SIGINT into a stop request and removes its handlers when released', () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const caught: string[] = [];
    const release = catchStopSignals((signal) => caught.push(signal), () => caught.push('forced'));
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm + 1);
    process.emit('SIGINT', 'SIGINT');
    expect(caught).toEqual(['SIGINT']);
    release();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
