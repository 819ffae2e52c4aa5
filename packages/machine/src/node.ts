/**
 * Node-only helpers of `@ntm/machine` (file I/O), kept out of the main entry so the browser
 * build never sees `node:fs`. Import them from `@ntm/machine/node`.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NtmBackend } from '@ntm/backend';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type CheckpointContents } from './checkpoint/format.js';
import { loadModel } from './checkpoint/model-checkpoint.js';
import type { SequenceModel } from './sequence-model.js';

/**
 * Writes a file atomically: to a temporary file beside it, flushed to disk, then renamed over
 * the target. A crash at any moment leaves either the old file or the new one, never half of
 * one (rename within a directory is atomic on POSIX filesystems).
 *
 * @example writeFileAtomic('runs/copy/checkpoint.ntm', bytes)
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'w');
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Saves a checkpoint to a file, atomically.
 * @example saveCheckpointFile('copy.ntm', modelCheckpoint(model))
 */
export function saveCheckpointFile(path: string, contents: CheckpointContents): void {
  writeFileAtomic(path, encodeCheckpoint(contents));
}

/**
 * Reads and checks a checkpoint file; a missing, truncated or corrupt file fails with a
 * {@link CheckpointError} naming the file and what is wrong.
 * @example const contents = readCheckpointFile('copy.ntm');
 */
export function readCheckpointFile(path: string): CheckpointContents {
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
