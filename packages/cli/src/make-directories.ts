import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommandError } from './errors.js';

/**
 * Creates a folder and its missing parents one at a time; `what` names the folder in errors
 * (`run directory`). Why not `mkdirSync(path, { recursive: true })`: under `/proc` (a folder
 * that refuses new entries with ENOENT) Node's recursive mkdir retries forever; one level at a
 * time fails at once, naming the level.
 *
 * @example makeDirectories('runs/copy-1', 'run directory'); // CommandError "cannot create run directory /proc/x: mkdir /proc/x failed: ENOENT…" under /proc
 */
export function makeDirectories(path: string, what: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!existsSync(current) && dirname(current) !== current) {
    missing.push(current);
    current = dirname(current);
  }
  if (!statSync(current).isDirectory()) throw new CommandError(`cannot create ${what} ${path}: ${current} is a file, not a directory`);
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(folder).isDirectory()) continue; // made by another process meanwhile
      throw new CommandError(`cannot create ${what} ${path}: mkdir ${folder} failed: ${(error as Error).message}`);
    }
  }
}
