/**
 * `pnpm bench`: the benchmark's entry point, bundled to `dist/bench.js` (scripts/build.mjs).
 * Without `--worker` it is the parent, which runs itself once per backend as a worker process
 * (and, for `--mode converge`, runs a sweep of the `ntm` command built beside it) and writes the
 * reports; with `--worker` it is one of the speed workers. Started
 * as a worker thread by the library's data-parallel trainer, it serves gradients instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isGradientWorkerThread, serveGradientWorker } from '@ntm/trainer/node';
import { parseBenchArguments, USAGE, UsageError } from './arguments.js';
import { runCompare } from './compare/run-compare.js';
import { runConvergeBenchmark } from './converge/run-converge.js';
import { registerBenchBackends } from './open-backend.js';
import { defaultResultsFolder } from './results-files.js';
import { runSpeedBenchmark } from './speed/run-speed.js';
import { runSpeedWorker } from './speed/speed-worker.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const command = parseBenchArguments(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'speed-worker': {
      const result = await runSpeedWorker(command.backend, command.plan, log, { gradientWorkerScript: import.meta.url });
      writeFileSync(command.resultFile, JSON.stringify(result));
      return 0;
    }
    case 'speed': {
      const { files, ok } = await runSpeedBenchmark(command.plan, command.outputFolder ?? defaultResultsFolder(), log);
      process.stdout.write(`\n${readFileSync(files[1], 'utf8')}\nWrote ${files.join(' and ')}\n`);
      return ok ? 0 : 1;
    }
    case 'converge': {
      const { files, ok } = await runConvergeBenchmark(command.plan, command.outputFolder ?? defaultResultsFolder(), log);
      process.stdout.write(`\n${readFileSync(files[1], 'utf8')}\nWrote ${files.join(' and ')}\n`);
      return ok ? 0 : 1;
    }
    case 'compare': {
      const files = runCompare(command.beforeFiles, command.afterFiles, command.outputFolder ?? defaultResultsFolder());
      process.stdout.write(`Wrote ${files.slice(0, -1).join(', ')} and ${files.at(-1)}\n`);
      return 0;
    }
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof UsageError) {
    process.stderr.write(`ntm bench: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`ntm bench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

if (isGradientWorkerThread()) {
  registerBenchBackends();
  await serveGradientWorker();
} else {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, reportFailure);
}
