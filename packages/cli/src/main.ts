/**
 * The `ntm` executable: runs the command line and sets the exit code. Everything else lives
 * in `cli.ts` and `commands/`, where tests can call it without a process.
 *
 * The same file is the script of `ntm train --workers N`'s gradient worker threads (one bundle,
 * so no second file to find or keep in step): started as one, it serves gradients instead.
 */
import { isGradientWorkerThread, serveGradientWorker } from '@ntm/trainer/node';
import { registerCliBackends } from './backends.js';
import { runCli } from './cli.js';
import { processIo } from './io.js';
import { connectToSweepParent } from './sweep/progress-channel.js';

if (isGradientWorkerThread()) {
  registerCliBackends();
  await serveGradientWorker();
} else {
  // Started by a sweep: report progress to it, and stop (saving a checkpoint) if it dies.
  const sweepParent = connectToSweepParent(process);
  process.exitCode = await runCli(process.argv.slice(2), processIo(), {
    catchSignals: true,
    gradientWorkerScript: import.meta.url,
    cliScript: import.meta.url,
    ...(sweepParent ? { onTrainingEvent: sweepParent.onTrainingEvent, shouldStop: sweepParent.shouldStop } : {}),
  });
}
