import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCoreClaims } from './core-claims.js';
import { chooseWorkers } from './train-workers.js';

const folder = () => mkdtempSync(join(tmpdir(), 'ntm-claims-test-'));

describe('openCoreClaims', () => {
  it("sums the threads other live runs claim, not this run's own", () => {
    const directory = folder();
    const first = openCoreClaims({ directory, pid: 101, isAlive: () => true });
    const second = openCoreClaims({ directory, pid: 102, isAlive: () => true });
    first.claim(2);
    second.claim(1);
    expect(first.claimedByOthers()).toBe(1);
    expect(second.claimedByOthers()).toBe(2);
    second.claim(2); // a claim replaces the earlier one
    expect(first.claimedByOthers()).toBe(2);
    second.release();
    expect(first.claimedByOthers()).toBe(0);
    first.release();
    expect(readdirSync(directory)).toEqual([]);
  });

  it('ignores and removes the claim of a process that has ended, and files that are not claims', () => {
    const directory = folder();
    writeFileSync(join(directory, '7'), '2'); // a run killed before it could remove its claim
    writeFileSync(join(directory, '8'), 'garbled');
    writeFileSync(join(directory, 'notes.txt'), '5');
    const claims = openCoreClaims({ directory, pid: 9, isAlive: (pid) => pid !== 7 });
    expect(claims.claimedByOthers()).toBe(0);
    expect(existsSync(join(directory, '7'))).toBe(false);
    expect(existsSync(join(directory, '8'))).toBe(true);
  });

  it('counts nothing and throws nothing where the folder cannot be made', () => {
    const blocker = join(folder(), 'a-file');
    writeFileSync(blocker, '');
    const claims = openCoreClaims({ directory: join(blocker, 'claims'), pid: 5 });
    expect(() => claims.claim(1)).not.toThrow();
    expect(claims.claimedByOthers()).toBe(0);
    expect(() => claims.release()).not.toThrow();
  });

  it('removes its claim when the process exits without releasing it, and stops watching once released', () => {
    const directory = folder();
    const handlers: (() => void)[] = [];
    let cancelled = 0;
    const onExit = (handler: () => void) => {
      handlers.push(handler);
      return () => cancelled++;
    };
    const claims = openCoreClaims({ directory, pid: 42, onExit });
    claims.claim(1);
    claims.claim(2); // one exit handler, however often it claims
    expect(handlers).toHaveLength(1);
    handlers[0]?.(); // the process exits
    expect(existsSync(join(directory, '42'))).toBe(false);
    claims.claim(1);
    claims.release();
    expect(cancelled).toBe(1);
  });
});

describe("chooseWorkers with the other runs' claims", () => {
  const script = 'file:///usr/lib/node_modules/@ntm/cli/dist/ntm.js';

  it('gives two runs started in the same second one thread each, though each saw both cores idle', async () => {
    const directory = folder();
    const first = openCoreClaims({ directory, pid: 201, isAlive: () => true });
    const second = openCoreClaims({ directory, pid: 202, isAlive: () => true });
    // Both watch the cores at the same time, before either computes anything.
    const bothIdle = () => new Promise<number>((resolve) => setTimeout(() => resolve(1.95), 20));
    const choices = await Promise.all([
      chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: bothIdle, claims: first }),
      chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: bothIdle, claims: second }),
    ]);
    expect(choices).toEqual([
      { workers: 1, reason: 'auto: 1.9 of 2 cores idle, 1 thread held by other ntm runs' },
      { workers: 1, reason: 'auto: 1.9 of 2 cores idle, 1 thread held by other ntm runs' },
    ]);
    expect(first.claimedByOthers()).toBe(1);
  });

  it('claims what it chose, a count as given too, and takes both cores when no other run holds one', async () => {
    const directory = folder();
    const mine = openCoreClaims({ directory, pid: 301, isAlive: () => true });
    const watcher = openCoreClaims({ directory, pid: 302, isAlive: () => true });
    expect(await chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: () => Promise.resolve(1.9), claims: mine })).toEqual({
      workers: 2,
      reason: 'auto: 1.9 of 2 cores idle',
    });
    expect(watcher.claimedByOthers()).toBe(2);
    await chooseWorkers(1, { script, shards: 2, cores: 2, claims: mine });
    expect(watcher.claimedByOthers()).toBe(1);
  });
});
