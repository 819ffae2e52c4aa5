/**
 * Node-only helpers of `@ntm/machine` (file I/O), kept out of the main entry so the browser
 * build never sees `node:fs`. Import them from `@ntm/machine/node`.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NtmBackend } from '@ntm/backend';
import { CheckpointError, type CheckpointContents } from './checkpoint/contents.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint/format.js';
import { loadModel } from './checkpoint/model-checkpoint.js';
import type { SequenceModel } from './sequence-model.js';

/**
 * The file operations {@link writeFileAtomic} makes: `node:fs` itself, or, in a test, one
 * that fails on purpose at a chosen call (a full disk, say).
 *
 * @example
 * ```ts
 * const fs: AtomicFileSystem = { ...nodeFs, writeSync: () => { throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }); } };
 * ```
 */
export interface AtomicFileSystem {
  openSync(path: string, flags: string): number;
  writeSync(descriptor: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(descriptor: number): void;
  closeSync(descriptor: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { readonly force: boolean }): void;
}

/**
 * The name pattern of {@link writeFileAtomic}'s temporary files, `.<name>.<pid>.<8 hex>.tmp`:
 * what a run directory's cleanup looks for after a killed save (group 1 is the target's name,
 * group 2 the writer's pid).
 *
 * @example ATOMIC_TEMPORARY_FILE.exec('.checkpoint.ntm.4242.0a1b2c3d.tmp')?.slice(1) // ['checkpoint.ntm', '4242']
 */
export const ATOMIC_TEMPORARY_FILE = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes a file atomically: to a temporary file beside it, flushed to disk, then renamed over
 * the target. A crash at any moment leaves either the old file or the new one, never half of
 * one (rename within a directory is atomic on POSIX filesystems). A failure removes the
 * temporary file and throws an error naming the file and the operation that failed (with the
 * system's `code`, and the original error as its `cause`).
 *
 * @example writeFileAtomic('runs/copy/checkpoint.ntm', bytes)
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, fs: AtomicFileSystem = nodeFs): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  let operation = `create its temporary file ${temporary}`;
  try {
    descriptor = fs.openSync(temporary, 'w');
    operation = `write its temporary file ${temporary}`;
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(descriptor, bytes, written, bytes.length - written);
    operation = `flush its temporary file ${temporary} to disk`;
    fs.fsyncSync(descriptor);
    operation = `close its temporary file ${temporary}`;
    fs.closeSync(descriptor);
    descriptor = undefined;
    operation = `rename its temporary file ${temporary} over it`;
    fs.renameSync(temporary, path);
  } catch (error) {
    try {
      if (descriptor !== undefined) fs.closeSync(descriptor);
      fs.rmSync(temporary, { force: true });
    } catch {
      // The first failure is the one to report; a temporary file left behind is removed by
      // the next run that cleans up the folder.
    }
    const cause = error as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot write ${path}: could not ${operation}: ${cause.message}`, { cause }), { code: cause.code });
  }
}

/**
 * Saves a checkpoint to a file, atomically (see {@link writeFileAtomic}, whose `fs` it takes).
 * @example saveCheckpointFile('copy.ntm', modelCheckpoint(model))
 */
export function saveCheckpointFile(path: string, contents: CheckpointContents, fs: AtomicFileSystem = nodeFs): void {
  writeFileAtomic(path, encodeCheckpoint(contents), fs);
}

/**
 * What a path is when it is neither a regular file nor a folder — `a named pipe`, `a character
 * device`, `a block device`, `a socket` — or null (a file, a folder, or nothing there). Why ask
 * before reading: reading a named pipe waits for a writer that may never come, and a device such
 * as `/dev/zero` never ends, so a program handed one by mistake would hang.
 *
 * @example specialFileKind('/dev/zero') // 'a character device'
 */
export function specialFileKind(path: string): string | null {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return null;
  }
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return null;
}

/**
 * Reads and checks a checkpoint file; a missing, truncated or corrupt file fails with a
 * {@link CheckpointError} naming the file and what is wrong, and so does a path that is not a
 * file (a named pipe or a device, which could block forever).
 * @example const contents = readCheckpointFile('copy.ntm');
 */
export function readCheckpointFile(path: string): CheckpointContents {
  const special = specialFileKind(path);
  if (special !== null) throw new CheckpointError(`checkpoint ${path} is ${special}, not a file`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(code === 'ENOENT' ? `checkpoint ${path} does not exist` : `cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/**
 * Loads a model from a checkpoint file.
 * @example const model = loadModelFile(backend, 'checkpoints/copy.ntm');
 */
export function loadModelFile(backend: NtmBackend, path: string): SequenceModel {
  return loadModel(backend, readCheckpointFile(path), path);
}
