import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError, UsageError } from './errors.js';
import { catchStopSignals, RunDirectory } from './run-directory.js';
import type { RunFileSystem } from './run-file-system.js';
import { logLine, readRunLog } from './run-log.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-run-'));

describe('RunDirectory', () => {
  it('creates the folder, appends whole log lines and replaces the config without leftovers', () => {
    const run = RunDirectory.open(join(folder, 'a', 'b'), { resuming: false });
    run.appendLog({ kind: 'curriculum', time: 't', step: 1, level: 2 });
    run.appendLog({ kind: 'curriculum', time: 't', step: 2, level: 3 });
    expect(
      readFileSync(run.logPath, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).level),
    ).toEqual([2, 3]);
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

describe('RunDirectory after faults', () => {
  const record = (step: number) => logLine({ kind: 'curriculum', time: 't', step, level: 2 });

  it('a resume removes a torn last line before appending, notes it in the log, and says so', () => {
    const path = mkdtempSync(join(folder, 'torn-'));
    writeFileSync(join(path, 'log.jsonl'), `${record(1)}${record(2)}{"kind":"evaluation","st`);
    const warnings: string[] = [];
    const run = RunDirectory.open(path, { resuming: true, warn: (message) => warnings.push(message) });
    run.appendLog(JSON.parse(record(3)));
    expect(warnings).toEqual([`the last line (3) of ${join(path, 'log.jsonl')} was cut off mid-write by an earlier run: removed it (24 bytes)`]);
    const records = readRunLog(run.logPath);
    expect(records.map((entry) => entry.kind)).toEqual(['curriculum', 'curriculum', 'log-repaired', 'curriculum']);
    expect(records[2]).toMatchObject({ kind: 'log-repaired', line: 3, action: 'removed', removedBytes: 24 });
  });

  it('a torn line that is a whole record only lacks its newline: it is kept', () => {
    const path = mkdtempSync(join(folder, 'torn-'));
    writeFileSync(join(path, 'log.jsonl'), `${record(1)}${record(2).trim()}`);
    const run = RunDirectory.open(path, { resuming: true });
    expect(readRunLog(run.logPath).map((entry) => [entry.kind, (entry as { action?: string }).action])).toEqual([
      ['curriculum', undefined],
      ['curriculum', undefined],
      ['log-repaired', 'completed'],
    ]);
  });

  it('removes the temporary files of killed saves (of this process or a dead one), not those of a live process', () => {
    const path = mkdtempSync(join(folder, 'temporary-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const stale = [`.checkpoint.ntm.${dead}.0a1b2c3d.tmp`, `.config.json.${process.pid}.ffffffff.tmp`];
    const kept = [`.checkpoint.ntm.${process.ppid}.12345678.tmp`, '.other.1.12345678.tmp', 'notes.txt'];
    for (const name of [...stale, ...kept]) writeFileSync(join(path, name), 'x');
    const warnings: string[] = [];
    RunDirectory.open(path, { resuming: true, warn: (message) => warnings.push(message) });
    expect(readdirSync(path).sort()).toEqual([...kept].sort());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^removed 2 temporary files left in .* by an interrupted save: /);
  });

  it('refuses run files that are folders, and an --out that is a file, naming them', () => {
    const path = mkdtempSync(join(folder, 'blocked-'));
    mkdirSync(join(path, 'config.json'));
    expect(() => RunDirectory.open(path, { resuming: false })).toThrow(
      new UsageError(`${join(path, 'config.json')} is in the way of the run: it is a directory or a special file, not a file; move it or choose another --out`),
    );
    writeFileSync(join(path, 'plain'), '');
    expect(() => RunDirectory.open(join(path, 'plain'), { resuming: false })).toThrow(/is a file, not a directory/);
    expect(() => RunDirectory.open(join(path, 'plain', 'run'), { resuming: false })).toThrow(/is a file, not a directory/);
  });

  it.runIf(existsSync('/proc/self'))('fails at once under /proc, where a recursive mkdir would retry forever', () => {
    const started = performance.now();
    expect(() => RunDirectory.open('/proc/ntm-run/inner', { resuming: false })).toThrow(CommandError);
    expect(() => RunDirectory.open('/proc/ntm-run/inner', { resuming: false })).toThrow(
      /cannot create run directory \/proc\/ntm-run\/inner: mkdir \/proc\/ntm-run failed: (ENOENT|EACCES|EPERM|EROFS)/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a log append that fails part-way (a full disk) is cut back to whole lines, and the error names the file and operation', () => {
    const path = mkdtempSync(join(folder, 'full-'));
    let failing = false;
    const fileSystem: RunFileSystem = {
      ...nodeFs,
      writeSync: (descriptor, buffer, offset, length) => {
        if (!failing) return nodeFs.writeSync(descriptor, buffer, offset, length);
        nodeFs.writeSync(descriptor, buffer, offset, Math.floor(length / 2)); // half the line reaches the disk
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    const run = RunDirectory.open(path, { resuming: false, fileSystem });
    run.appendLog(JSON.parse(record(1)));
    failing = true;
    expect(() => run.appendLog(JSON.parse(record(2)))).toThrow(
      new CommandError(`cannot append to log ${run.logPath}: could not append ${record(2).length} bytes to it: ENOSPC: no space left on device, write`),
    );
    expect(readFileSync(run.logPath, 'utf8')).toBe(record(1));
    expect(() => run.saveCheckpoint({ model: {}, tensors: [], metadata: {} })).toThrow(
      new RegExp(`^cannot write ${run.checkpointPath}: could not write its temporary file .*: ENOSPC`),
    );
    expect(readdirSync(path)).toEqual(['log.jsonl']);
  });
});

describe('catchStopSignals', () => {
  it('turns the first SIGINT into a stop request and removes its handlers when released', () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const caught: string[] = [];
    const release = catchStopSignals(
      (signal) => caught.push(signal),
      () => caught.push('forced'),
    );
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm + 1);
    process.emit('SIGINT', 'SIGINT');
    expect(caught).toEqual(['SIGINT']);
    release();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
