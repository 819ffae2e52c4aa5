import { execFileSync } from 'node:child_process';
import { cpus, availableParallelism, loadavg, totalmem, platform, arch } from 'node:os';

/** The machine a benchmark ran on, for the report beside its numbers. */
export interface MachineInfo {
  readonly cpuModel: string;
  /** Logical cores the OS reports. */
  readonly cores: number;
  /** What Node thinks it may use (cgroup limits included). */
  readonly availableParallelism: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly arch: string;
  readonly nodeVersion: string;
  /** The 1, 5 and 15 minute load averages when the benchmark started: other processes on the machine slow it down. */
  readonly loadAverageAtStart: readonly number[];
  /** The same when it finished (filled in at the end). */
  readonly loadAverageAtEnd: readonly number[] | null;
  /** The git commit of the working tree, with `+dirty` when it has changes; null outside git. */
  readonly gitCommit: string | null;
}

/**
 * Describes this machine now.
 * @example const machine = describeMachine(); // { cpuModel: 'Intel(R) Xeon(R) …', cores: 2, nodeVersion: 'v20.20.0', … }
 */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    availableParallelism: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    arch: arch(),
    nodeVersion: process.version,
    loadAverageAtStart: roundedLoad(),
    loadAverageAtEnd: null,
    gitCommit: gitCommit(),
  };
}

/**
 * The 1, 5 and 15 minute load averages, to two decimals.
 * @example roundedLoad() // [1.52, 2.01, 1.87]
 */
export function roundedLoad(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}

function gitCommit(): string | null {
  try {
    const run = (args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    const commit = run(['rev-parse', '--short', 'HEAD']);
    return run(['--no-optional-locks', 'status', '--porcelain']).length > 0 ? `${commit}+dirty` : commit;
  } catch {
    return null;
  }
}
