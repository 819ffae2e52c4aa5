import { existsSync, readFileSync } from 'node:fs';
import { CommandError } from './errors.js';
import type { RunFileSystem } from './run-file-system.js';

const NEWLINE = 0x0a;

/**
 * Appends text (whole log lines) to a file. If a write fails part-way (a full disk), the part
 * already written is cut off again, so the log keeps only whole lines; if even that fails, the
 * next resume finds the torn line and removes it ({@link repairTornLog}). The error names the
 * file and the operation.
 *
 * @example appendLogText(nodeRunFileSystem, 'runs/copy/log.jsonl', '{"kind":"curriculum","step":200,"level":3}\n');
 */
export function appendLogText(fs: RunFileSystem, path: string, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let descriptor: number | undefined;
  let sizeBefore: number | undefined;
  let operation = 'open it for appending';
  try {
    descriptor = fs.openSync(path, 'a');
    operation = 'read its length';
    sizeBefore = fs.fstatSync(descriptor).size;
    operation = `append ${bytes.length} bytes to it`;
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(descriptor, bytes, written, bytes.length - written);
    operation = 'close it';
    fs.closeSync(descriptor);
  } catch (error) {
    let undone = descriptor === undefined || sizeBefore === undefined;
    if (descriptor !== undefined) {
      try {
        if (sizeBefore !== undefined) fs.ftruncateSync(descriptor, sizeBefore);
        undone = true;
      } catch {
        // Left for the next resume's repair, which the message below announces.
      }
      try {
        fs.closeSync(descriptor);
      } catch {
        // Already closed, or the close itself failed: nothing more to do with it.
      }
    }
    const after = undone ? '' : ' (a part of the line may remain; the next --resume removes it)';
    throw new CommandError(`cannot append to log ${path}: could not ${operation}: ${(error as Error).message}${after}`);
  }
}

/** What {@link repairTornLog} did to a log whose last line was torn. */
export interface LogRepair {
  /** The 1-based number of the torn line. */
  readonly line: number;
  /** `removed`: it was not a whole record, and was cut off; `completed`: it was, and got its newline. */
  readonly action: 'removed' | 'completed';
  /** Bytes removed (0 when completed). */
  readonly removedBytes: number;
}

/**
 * Finds a last line without its newline (a write cut off by a kill or a full disk) and repairs
 * the log before anything is appended to it: a line that is a whole record gets its newline, any
 * other is removed. Returns what was done, or null for a log that was whole (or absent). Why
 * before appending: the next record would otherwise continue the torn line, and the log would
 * then hold a line that is not JSON in its middle, which every reader rejects.
 *
 * @example const repair = repairTornLog(nodeRunFileSystem, 'runs/copy/log.jsonl'); // { line: 26, action: 'removed', removedBytes: 37 }
 */
export function repairTornLog(fs: RunFileSystem, path: string): LogRepair | null {
  if (!existsSync(path)) return null;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CommandError(`cannot read log ${path}: ${(error as Error).message}`);
  }
  if (bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE) return null;
  const lastNewline = bytes.lastIndexOf(NEWLINE);
  const line = bytes.subarray(0, lastNewline + 1).filter((byte) => byte === NEWLINE).length + 1;
  if (isRecord(bytes.subarray(lastNewline + 1))) {
    appendLogText(fs, path, '\n');
    return { line, action: 'completed', removedBytes: 0 };
  }
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(path, 'r+');
    fs.ftruncateSync(descriptor, lastNewline + 1);
    fs.closeSync(descriptor);
  } catch (error) {
    try {
      if (descriptor !== undefined) fs.closeSync(descriptor);
    } catch {
      // The truncation's failure is the one to report.
    }
    throw new CommandError(`cannot remove the torn last line of log ${path}: ${(error as Error).message}`);
  }
  return { line, action: 'removed', removedBytes: bytes.length - lastNewline - 1 };
}

function isRecord(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string';
  } catch {
    return false;
  }
}
