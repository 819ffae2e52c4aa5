import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceBackend } from '@ntm/backend-reference';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parameterValues, randomInputs, roundParametersToFloat32, runLogits, tinyNtm } from './__fixtures__/models.js';
import { CheckpointError } from './checkpoint/contents.js';
import { encodeCheckpoint } from './checkpoint/format.js';
import { modelCheckpoint } from './checkpoint/model-checkpoint.js';
import { createModel } from './create-model.js';
import { loadModelFile, readCheckpointFile, saveCheckpointFile, writeFileAtomic } from './node.js';

/** Which node:fs call should fail next (the write's stages, one at a time). */
const failure = vi.hoisted(() => ({ at: null as string | null }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failing =
    <F extends (...args: never[]) => unknown>(name: string, original: F) =>
    (...args: Parameters<F>): ReturnType<F> => {
      if (failure.at === name) {
        const error = new Error(`simulated failure of ${name} (ENOSPC: no space left on device)`) as NodeJS.ErrnoException;
        error.code = 'ENOSPC';
        throw error;
      }
      return original(...args) as ReturnType<F>;
    };
  return {
    ...fs,
    openSync: failing('openSync', fs.openSync),
    writeSync: failing('writeSync', fs.writeSync as (...args: never[]) => number),
    fsyncSync: failing('fsyncSync', fs.fsyncSync),
    renameSync: failing('renameSync', fs.renameSync),
  };
});

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'ntm-machine-'));
  failure.at = null;
});

afterEach(() => {
  failure.at = null;
  rmSync(directory, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the bytes and leaves no temporary file', () => {
    const path = join(directory, 'checkpoint.ntm');
    writeFileAtomic(path, Uint8Array.from([1, 2, 3]));
    writeFileAtomic(path, Uint8Array.from([4, 5]));
    expect(Array.from(readFileSync(path))).toEqual([4, 5]);
    expect(readdirSync(directory)).toEqual(['checkpoint.ntm']);
  });

  it('writes a large buffer completely', () => {
    const path = join(directory, 'big.ntm');
    const bytes = Uint8Array.from({ length: 3_000_001 }, (_, i) => (i * 7) & 0xff);
    writeFileAtomic(path, bytes);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  for (const stage of ['openSync', 'writeSync', 'fsyncSync', 'renameSync']) {
    it(`keeps the old file intact and removes its temporary file when ${stage} fails`, () => {
      const path = join(directory, 'checkpoint.ntm');
      writeFileSync(path, 'old content');
      failure.at = stage;
      // The error names the file and what was being done to it.
      const operation = { openSync: 'create', writeSync: 'write', fsyncSync: 'flush', renameSync: 'rename' }[stage];
      expect(() => writeFileAtomic(path, new TextEncoder().encode('new content, longer than the old'))).toThrow(
        new RegExp(`^cannot write ${path}: could not ${operation} its temporary file \\S+\\.tmp.*: simulated failure of ${stage}`),
      );
      failure.at = null;
      expect(readFileSync(path, 'utf8')).toBe('old content');
      expect(readdirSync(directory)).toEqual(['checkpoint.ntm']);
    });
  }

  it('fails without leaving anything when the directory has vanished', () => {
    const gone = join(directory, 'gone');
    mkdirSync(gone);
    rmSync(gone, { recursive: true });
    expect(() => writeFileAtomic(join(gone, 'checkpoint.ntm'), Uint8Array.from([1]))).toThrow(/ENOENT/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('fails without leaving a temporary file when the target cannot be replaced (it is a directory)', () => {
    const target = join(directory, 'checkpoint.ntm');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, Uint8Array.from([1]))).toThrow();
    expect(readdirSync(directory)).toEqual(['checkpoint.ntm']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
  });
});

describe('checkpoint files', () => {
  it('saveCheckpointFile → loadModelFile gives the same weights and outputs', () => {
    const backend = createReferenceBackend();
    const model = createModel(backend, tinyNtm, { seed: 4 });
    roundParametersToFloat32(model);
    const path = join(directory, 'tiny.ntm');
    saveCheckpointFile(path, modelCheckpoint(model, { metadata: { step: 3 } }));
    expect(readCheckpointFile(path).metadata).toEqual({ step: 3 });
    const loaded = loadModelFile(backend, path);
    expect(parameterValues(loaded)).toEqual(parameterValues(model));
    const inputs = randomInputs(backend, 1, 3, 2, tinyNtm.inputSize);
    expect(runLogits(loaded, inputs)).toEqual(runLogits(model, inputs));
  });

  it('says a missing checkpoint does not exist', () => {
    const path = join(directory, 'missing.ntm');
    expect(() => readCheckpointFile(path)).toThrow(CheckpointError);
    expect(() => readCheckpointFile(path)).toThrow(`checkpoint ${path} does not exist`);
    expect(() => loadModelFile(createReferenceBackend(), path)).toThrow(`checkpoint ${path} does not exist`);
  });

  it.runIf(existsSync('/dev/zero'))('refuses a device or a named pipe at once instead of reading it forever', () => {
    expect(() => readCheckpointFile('/dev/zero')).toThrow(new CheckpointError('checkpoint /dev/zero is a character device, not a file'));
    const pipe = join(directory, 'pipe.ntm');
    execFileSync('mkfifo', [pipe]);
    expect(() => readCheckpointFile(pipe)).toThrow(new CheckpointError(`checkpoint ${pipe} is a named pipe, not a file`));
  });

  it('says why another unreadable path cannot be read', () => {
    expect(() => readCheckpointFile(directory)).toThrow(new RegExp(`cannot read checkpoint ${directory}: EISDIR`));
  });

  it('names the file when it is truncated or corrupt', () => {
    const bytes = encodeCheckpoint(modelCheckpoint(createModel(createReferenceBackend(), tinyNtm)));
    const truncated = join(directory, 'truncated.ntm');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 8));
    expect(() => readCheckpointFile(truncated)).toThrow(
      new RegExp(`^${truncated} is a damaged checkpoint: its tensors cover \\d+ bytes of data, but \\d+ bytes follow the header \\(the file is truncated\\)$`),
    );
    const corrupt = join(directory, 'corrupt.ntm');
    const flipped = bytes.slice();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 1;
    writeFileSync(corrupt, flipped);
    expect(() => loadModelFile(createReferenceBackend(), corrupt)).toThrow(new RegExp(`^${corrupt} is corrupt: its tensors and metadata have CRC-32`));
  });
});
