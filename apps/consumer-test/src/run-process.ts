import { execFile } from 'node:child_process';

/** What a finished child process printed. */
export interface ProcessOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the process after this many seconds (default 180). */
  readonly timeoutSeconds?: number;
}

/**
 * Runs a command to completion and resolves with its output; rejects with the command line,
 * the exit code and everything it printed, so a failure in CI explains itself.
 *
 * @example const { stdout } = await runProcess('npm', ['--version'], { cwd: projectDirectory });
 */
export function runProcess(command: string, commandArguments: readonly string[], options: RunProcessOptions): Promise<ProcessOutput> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      commandArguments,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: (options.timeoutSeconds ?? 180) * 1000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException & { code?: number | string }).code;
          reject(
            new Error(
              `${command} ${commandArguments.join(' ')} (in ${options.cwd}) failed with ${code ?? error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
            ),
          );
          return;
        }
        resolve({ stdout, stderr, seconds: (performance.now() - started) / 1000 });
      },
    );
  });
}

/**
 * The last line of a program's stdout parsed as JSON: the consumer programs print one JSON
 * object last, after whatever tfjs prints.
 *
 * @example const result = lastJsonLine<{ backend: string }>(stdout);
 */
export function lastJsonLine<Result>(stdout: string): Result {
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  try {
    return JSON.parse(last) as Result;
  } catch {
    throw new Error(`expected the program's last line to be JSON, got ${JSON.stringify(last.slice(0, 200))}; stdout was:\n${stdout}`);
  }
}
