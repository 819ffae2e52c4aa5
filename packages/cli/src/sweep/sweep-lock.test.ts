import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { lockSweepFolder, SWEEP_LOCK_FILE } from './sweep-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'ntm-sweep-lock-'));

describe('lockSweepFolder', () => {
  it('holds the folder until released, and refuses a second sweep meanwhile, naming the holder', () => {
    const sweep = folder();
    const release = lockSweepFolder(sweep);
    const lock = JSON.parse(readFileSync(join(sweep, SWEEP_LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => lockSweepFolder(sweep)).toThrow(UsageError);
    expect(() => lockSweepFolder(sweep)).toThrow(
      new RegExp(`^another ntm sweep \\(process ${process.pid} on .+, since .+\\) is running in ${sweep}: two would train the same runs at once`),
    );
    release();
    expect(existsSync(join(sweep, SWEEP_LOCK_FILE))).toBe(false);
    lockSweepFolder(sweep)();
  });

  it('takes over a lock whose process is gone, but not one of a running process', () => {
    const sweep = folder();
    writeFileSync(join(sweep, SWEEP_LOCK_FILE), JSON.stringify({ pid: 999_999_999, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockSweepFolder(sweep, () => true)).toThrow(/process 999999999/);
    const release = lockSweepFolder(sweep, () => false);
    expect(JSON.parse(readFileSync(join(sweep, SWEEP_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it("never takes over another machine's lock (a shared folder), nor one it cannot read", () => {
    const sweep = folder();
    writeFileSync(join(sweep, SWEEP_LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockSweepFolder(sweep, () => false)).toThrow(/process 1 on elsewhere/);
    writeFileSync(join(sweep, SWEEP_LOCK_FILE), '{"pid":');
    expect(() => lockSweepFolder(sweep, () => false)).toThrow(/^another ntm sweep is running in /);
  });

  it('a release leaves alone a lock that is no longer its own', () => {
    const sweep = folder();
    const release = lockSweepFolder(sweep);
    writeFileSync(join(sweep, SWEEP_LOCK_FILE), JSON.stringify({ pid: 42, host: hostname(), startedAt: 'later' }));
    release();
    expect(existsSync(join(sweep, SWEEP_LOCK_FILE))).toBe(true);
  });
});
