import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError } from './errors.js';
import { makeDirectories } from './make-directories.js';

describe('makeDirectories', () => {
  it('creates missing parents, and is content with a folder that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'ntm-mkdir-'));
    makeDirectories(join(root, 'a', 'b', 'c'), 'folder');
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeDirectories(join(root, 'a', 'b', 'c'), 'folder');
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirectories(join(root, 'file', 'x'), 'folder')).toThrow(
      new CommandError(`cannot create folder ${join(root, 'file', 'x')}: ${join(root, 'file')} is a file, not a directory`),
    );
    expect(existsSync(join(root, 'file', 'x'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self'))("fails within moments under /proc, where Node's recursive mkdir never returns", () => {
    const started = performance.now();
    expect(() => makeDirectories('/proc/ntm-plot/pictures', 'folder')).toThrow(
      /^cannot create folder \/proc\/ntm-plot\/pictures: mkdir \/proc\/ntm-plot failed: (ENOENT|EACCES|EPERM|EROFS)/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
