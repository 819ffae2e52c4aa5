import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs this same program (the bundle) as a child process with `args` and returns the JSON the
 * child wrote to `resultFile`. Why a child: tfjs has one active backend per process, and a
 * fresh process per backend (or seed) keeps one measurement's heap and JIT state out of the
 * next. The child's stdout and stderr (its progress lines) pass straight through.
 *
 * @example const result = await runWorkerProcess<SpeedWorkerResult>(['--worker', 'speed', …], file);
 */
export function runWorkerProcess<T>(args: readonly string[], resultFile: string): Promise<T> {
  const program = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`the worker (${args.slice(0, 4).join(' ')}) exited with ${signal ?? `code ${code}`}`));
        return;
      }
      try {
        resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as T);
      } catch (error) {
        reject(new Error(`the worker (${args.slice(0, 4).join(' ')}) left no readable result in ${resultFile}: ${(error as Error).message}`));
      }
    });
  });
}
