/**
 * The `ntm` executable: runs the command line and sets the exit code. Everything else lives
 * in `cli.ts` and `commands/`, where tests can call it without a process.
 */
import { runCli } from './cli.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo(), { catchSignals: true });
