/**
 * Where a command writes. The commands take this instead of touching `process` so that tests
 * can capture their output and pretend to be (or not be) a terminal.
 */

/** A text stream: stdout or stderr, or a test's buffer. */
export interface TextOutput {
  write(text: string): void;
  /** True on a terminal: the progress bar then redraws one line instead of printing many. */
  readonly isTTY?: boolean;
  /** The terminal's width in characters, when known. */
  readonly columns?: number;
}

/** The streams and environment a command runs with. */
export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** The folder relative paths are resolved from. */
  readonly cwd: string;
  /** Environment variables (`NTM_DEBUG=1` prints stack traces). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The real process's streams. When a stream's reader goes away (`ntm eval … | head -3`), what
 * is written to it from then on is dropped and the command goes on to its end: a training run
 * keeps training and saving, where Node's default would crash it with an `EPIPE` stack trace.
 *
 * @example const code = await runCli(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  const stdout = closableStream(process.stdout);
  const stderr = closableStream(process.stderr);
  return {
    stdout: {
      write: stdout.write,
      get isTTY() {
        return process.stdout.isTTY === true;
      },
      get columns() {
        return process.stdout.columns;
      },
    },
    stderr: { write: stderr.write, isTTY: process.stderr.isTTY === true },
    cwd: process.cwd(),
    env: process.env,
  };
}

const closedStreams = new WeakSet<NodeJS.WriteStream>();
const watchedStreams = new WeakSet<NodeJS.WriteStream>();

/** A write that stops once the stream's reader has closed it (EPIPE); any other error still surfaces. */
function closableStream(stream: NodeJS.WriteStream): { write: (text: string) => void } {
  if (!watchedStreams.has(stream)) {
    watchedStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closedStreams.add(stream);
    });
  }
  return {
    write: (text) => {
      if (!closedStreams.has(stream)) stream.write(text);
    },
  };
}

/**
 * An in-memory {@link CliIo} for tests: everything written is kept in `stdout` and `stderr`.
 *
 * @example
 * ```ts
 * const io = memoryIo('/tmp/run');
 * await runCli(['--version'], io);
 * io.output.stdout; // 'ntm 0.1.0\n'
 * ```
 */
export function memoryIo(
  cwd: string,
  options: { readonly isTTY?: boolean; readonly env?: Record<string, string> } = {},
): CliIo & {
  readonly output: { stdout: string; stderr: string };
} {
  const output = { stdout: '', stderr: '' };
  return {
    output,
    stdout: {
      write: (text) => {
        output.stdout += text;
      },
      isTTY: options.isTTY ?? false,
      columns: 100,
    },
    stderr: {
      write: (text) => {
        output.stderr += text;
      },
      isTTY: false,
    },
    cwd,
    env: options.env ?? {},
  };
}
