import * as nodeFs from 'node:fs';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpointFile } from '@ntm/machine/node';
import { checkTrainerMetadata } from '@ntm/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import type { RunFileSystem } from '../run-file-system.js';
import { readRunLog } from '../run-log.js';
import { TINY_TRAIN_FLAGS } from './__fixtures__/tiny-train-flags.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-faults-'));
const tiny = TINY_TRAIN_FLAGS;
const cadence = ['--eval-every', '2', '--checkpoint-every', '2'];
const RUN_FILES = ['best.ntm', 'checkpoint.ntm', 'config.json', 'log.jsonl'];

/** How the injected disk fails: at one call only, or at that call and every write after it (a disk that stays full). */
type FailureMode = 'once' | 'from then on';

/**
 * node:fs with every operation a run directory writes through counted, failing as a full disk
 * would at call `failAt` (and, 'from then on', at every later one): a write puts half its bytes
 * down first, so a log line is torn as it is on a real full disk.
 */
function faultyFileSystem(failAt: number, mode: FailureMode): RunFileSystem & { readonly calls: () => number } {
  let calls = 0;
  const full = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  const failing = () => {
    calls++;
    return mode === 'once' ? calls === failAt : calls >= failAt;
  };
  return {
    calls: () => calls,
    openSync: (path, flags) => {
      if (failing()) throw full();
      return nodeFs.openSync(path, flags);
    },
    writeSync: (descriptor, buffer, offset, length) => {
      if (failing()) {
        nodeFs.writeSync(descriptor, buffer, offset, Math.ceil(length / 2));
        throw full();
      }
      return nodeFs.writeSync(descriptor, buffer, offset, length);
    },
    fsyncSync: (descriptor) => {
      if (failing()) throw full();
      nodeFs.fsyncSync(descriptor);
    },
    closeSync: (descriptor) => {
      if (failing()) throw full();
      nodeFs.closeSync(descriptor);
    },
    renameSync: (from, to) => {
      if (failing()) throw full();
      nodeFs.renameSync(from, to);
    },
    rmSync: (path, options) => {
      if (failing()) throw full();
      nodeFs.rmSync(path, options);
    },
    fstatSync: (descriptor) => {
      if (failing()) throw full();
      return nodeFs.fstatSync(descriptor);
    },
    ftruncateSync: (descriptor, length) => {
      if (failing()) throw full();
      nodeFs.ftruncateSync(descriptor, length);
    },
  };
}

async function resume(run: string, steps: number, fileSystem?: RunFileSystem) {
  const io = memoryIo(folder);
  const code = await runCli(['train', '--resume', join(run, 'checkpoint.ntm'), '--steps', String(steps), ...cadence], io, fileSystem ? { fileSystem } : {});
  return { code, ...io.output };
}

/** The run directory is whole: a checkpoint that loads with a sound trainer state, a log that parses. */
function expectWhole(run: string): void {
  const contents = readCheckpointFile(join(run, 'checkpoint.ntm'));
  expect(checkTrainerMetadata(contents, run)?.step).toBeGreaterThanOrEqual(2);
  expect(readRunLog(join(run, 'log.jsonl')).length).toBeGreaterThan(0);
}

describe('fault injection: the disk fails at every write of a resumed run', () => {
  const template = join(folder, 'template');
  let writes = 0;
  beforeAll(async () => {
    const io = memoryIo(folder);
    expect(await runCli(['train', 'copy', ...tiny, ...cadence, '--steps', '2', '--out', 'template'], io)).toBe(0);
    // Count the operations of the run each case below repeats: its config, log appends, two checkpoints.
    const counting = faultyFileSystem(Number.POSITIVE_INFINITY, 'once');
    const run = join(folder, 'counted');
    cpSync(template, run, { recursive: true });
    expect((await resume(run, 6, counting)).code).toBe(0);
    writes = counting.calls();
  }, 120_000);

  for (const mode of ['once', 'from then on'] as const) {
    it(`failing ${mode}: every run ends with one line naming the file, and leaves a whole run that the next start continues cleanly`, async () => {
      expect(writes).toBeGreaterThan(20); // config, start, evaluations, checkpoints and stop, each several calls
      const repairs = { tornLines: 0, temporaryFiles: 0 };
      for (let failAt = 1; failAt <= writes; failAt++) {
        const run = join(folder, `${mode === 'once' ? 'once' : 'full'}-${failAt}`);
        cpSync(template, run, { recursive: true });
        const faulty = await resume(run, 6, faultyFileSystem(failAt, mode));
        const context = `${mode}, call ${failAt}: ${faulty.stderr}`;
        expect(faulty.code, context).toBe(1);
        const lines = faulty.stderr.trim().split('\n');
        expect(lines.at(-1), context).toMatch(
          /^ntm: error: cannot (write|append to log) \S+\/(config\.json|checkpoint\.ntm|best\.ntm|log\.jsonl): could not [a-z]+ .*ENOSPC/,
        );
        expectWhole(run);

        // The next start: a torn log line is removed, temporary files of the failed save are cleaned up.
        const next = await resume(run, 8);
        expect(next.code, `${context} / next start: ${next.stderr}`).toBe(0);
        if (next.stderr.includes('was cut off mid-write')) repairs.tornLines++;
        if (next.stderr.includes('temporary file')) repairs.temporaryFiles++;
        expect(readdirSync(run).sort(), context).toEqual(RUN_FILES);
        expectWhole(run);
        const text = nodeFs.readFileSync(join(run, 'log.jsonl'), 'utf8');
        expect(text.endsWith('\n'), context).toBe(true);
        for (const line of text.trim().split('\n')) expect(() => JSON.parse(line), `${context}: ${line}`).not.toThrow();
        expect(readCheckpointFile(join(run, 'checkpoint.ntm')).metadata['trainer']).toMatchObject({ step: 8 });
      }
      // A disk that stays full defeats the cleanup of the failed write itself (the cut-back of a
      // torn line, the removal of a temporary file): the next start is what repairs those.
      if (mode === 'from then on') {
        expect(repairs.tornLines).toBeGreaterThan(0);
        expect(repairs.temporaryFiles).toBeGreaterThan(0);
      } else {
        expect(repairs).toEqual({ tornLines: 0, temporaryFiles: 0 });
      }
    }, 300_000);
  }
});

describe("the issue's story: a full disk during a resumed run", () => {
  it('names the log, and neither the next resume nor ntm plot is poisoned by the torn line it left', async () => {
    expect(await runCli(['train', 'copy', ...tiny, ...cadence, '--steps', '2', '--out', 'story'], memoryIo(folder))).toBe(0);
    const run = join(folder, 'story');
    // The disk fills while the log is written, and stays full: the half-written line cannot be cut back.
    const logWrites = { count: 0 };
    const fileSystem: RunFileSystem = {
      ...faultyFileSystem(Number.POSITIVE_INFINITY, 'once'),
      writeSync: (descriptor, buffer, offset, length) => {
        if (nodeFs.fstatSync(descriptor).size > 0 && ++logWrites.count === 2) {
          nodeFs.writeSync(descriptor, buffer, offset, Math.ceil(length / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        return nodeFs.writeSync(descriptor, buffer, offset, length);
      },
      ftruncateSync: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, ftruncate'), { code: 'ENOSPC' });
      },
    };
    const full = await resume(run, 6, fileSystem);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(
      /^ntm: error: cannot append to log \S+\/story\/log\.jsonl: could not append \d+ bytes to it: ENOSPC: no space left on device, write \(a part of the line may remain; the next --resume removes it\)\n$/,
    );
    expect(nodeFs.readFileSync(join(run, 'log.jsonl'), 'utf8').endsWith('\n')).toBe(false);

    const plotTorn = memoryIo(folder);
    expect(await runCli(['plot', 'story'], plotTorn)).toBe(0);
    expect(plotTorn.output.stderr).toMatch(/^ntm: warning: the last line \(\d+\) of story\/log\.jsonl was cut off mid-write, so it is left out/);

    const next = await resume(run, 8);
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(
      /^ntm: warning: the last line \(\d+\) of story\/log\.jsonl was cut off mid-write by an earlier run: removed it \(\d+ bytes\)\n$/,
    );
    const plot = memoryIo(folder);
    expect(await runCli(['plot', 'story'], plot)).toBe(0);
    expect(plot.output.stderr).toBe('');
    expect(readRunLog(join(run, 'log.jsonl')).map((record) => record.kind)).toContain('log-repaired');
  }, 60_000);
});
