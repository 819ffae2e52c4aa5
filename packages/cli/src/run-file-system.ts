import * as nodeFs from 'node:fs';
import type { AtomicFileSystem } from '@ntm/machine/node';

/**
 * Every write a run directory makes goes through one of these: the atomic replacement of the
 * config and the checkpoint (`writeFileAtomic`'s operations) and the log's appends and repair.
 * `node:fs` itself in `ntm`; the fault-injection tests pass one that fails at a chosen call, as
 * a full disk would.
 *
 * @example
 * ```ts
 * RunDirectory.open('runs/copy', { resuming: false, fileSystem: nodeRunFileSystem });
 * ```
 */
export interface RunFileSystem extends AtomicFileSystem {
  fstatSync(descriptor: number): { readonly size: number };
  ftruncateSync(descriptor: number, length: number): void;
}

/**
 * `node:fs` as a {@link RunFileSystem}.
 * @example appendLogText(nodeRunFileSystem, 'runs/copy/log.jsonl', '{"kind":"note"}\n');
 */
export const nodeRunFileSystem: RunFileSystem = nodeFs;
