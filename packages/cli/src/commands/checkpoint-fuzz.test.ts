import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrityCrc32 } from '@ntm/machine';
import { Random } from '@ntm/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import { TINY_TRAIN_FLAGS } from './__fixtures__/tiny-train-flags.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-fuzz-'));
const tiny = TINY_TRAIN_FLAGS;
const CASES = 1000;
/** Far above what one case takes (milliseconds): a case that gets near it is a hang in the making. */
const CASE_LIMIT_MS = 3000;

/** The kinds of damage, each from the random stream of its case. */
const mutations = {
  /** One to eight bits flipped anywhere. */
  flip(bytes: Uint8Array, random: Random): Uint8Array {
    const out = bytes.slice();
    for (let i = random.int(1, 8); i > 0; i--) {
      const at = random.int(0, out.length - 1);
      out[at] = (out[at] as number) ^ (1 << random.int(0, 7));
    }
    return out;
  },
  /** Cut short anywhere, the empty file included. */
  truncate(bytes: Uint8Array, random: Random): Uint8Array {
    return bytes.slice(0, random.int(0, bytes.length - 1));
  },
  /** A range replaced by another range of the file, or by random bytes, of another length. */
  splice(bytes: Uint8Array, random: Random): Uint8Array {
    const start = random.int(0, bytes.length - 1);
    const end = Math.min(bytes.length, start + random.int(0, 64));
    const length = random.int(0, 64);
    const from = random.int(0, bytes.length - 1);
    const insert = random.next() < 0.5 ? bytes.slice(from, from + length) : Uint8Array.from({ length }, () => random.int(0, 255));
    return Uint8Array.from([...bytes.subarray(0, start), ...insert, ...bytes.subarray(end)]);
  },
  /**
   * One to three edits of the checkpoint's JSON (the model config, the trainer's state, the
   * tensor table), written back with a correct header length and integrity CRC: only the
   * meaning is wrong.
   */
  editJson(bytes: Uint8Array, random: Random): Uint8Array {
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    const data = bytes.subarray(8 + headerLength);
    const model = JSON.parse(header.__metadata__.model);
    const metadata = JSON.parse(header.__metadata__.metadata);
    // Most edits go to the trainer's state and the model config, whose meaning only the checks
    // after the CRC can judge; the rest anywhere in the header (the tensor table is most of it).
    const { __metadata__: _, ...table } = header;
    const targets = [metadata?.trainer, metadata?.trainer?.config, model, table].filter((target) => target !== null && typeof target === 'object');
    for (let i = random.int(1, 3); i > 0; i--) editSomewhere(targets[random.int(0, targets.length - 1)], random);
    const strings = { ...header.__metadata__, model: JSON.stringify(model), metadata: JSON.stringify(metadata) };
    const entries = Object.entries(table as Record<string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }>)
      .map(([name, entry]) => {
        const offsets = Array.isArray(entry?.data_offsets) ? entry.data_offsets : [];
        return { name, dtype: String(entry?.dtype), shape: Array.isArray(entry?.shape) ? entry.shape : [], begin: Number(offsets[0]), end: Number(offsets[1]) };
      })
      .sort((a, b) => a.begin - b.begin || a.end - b.end);
    strings.crc32 = String(integrityCrc32(strings, entries, data));
    const json = new TextEncoder().encode(JSON.stringify({ ...table, __metadata__: strings }));
    const out = new Uint8Array(8 + json.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(data, 8 + json.length);
    return out;
  },
};

const replacements: readonly unknown[] = [
  -5,
  -1,
  0,
  1,
  0.5,
  3,
  7,
  1e9,
  2 ** 32,
  2 ** 53,
  1e308,
  -1e308,
  null,
  true,
  '',
  'x',
  '12',
  'adam',
  'rmsprop',
  'lstm',
  'ntm',
  'feed-forward',
  'copy',
  'priority-sort',
  [],
  {},
  [1, 2],
];

/** Replaces, deletes or adds one value somewhere in a JSON tree (in place). */
function editSomewhere(root: unknown, random: Random): void {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      // A shape list is short, but be safe: visiting long arrays would drown the rest of the header.
      node.slice(0, 8).forEach((child, index) => {
        places.push({ parent: node, key: index });
        visit(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        places.push({ parent: node as Record<string, unknown>, key });
        visit(child);
      }
    }
  };
  visit(root);
  const { parent, key } = places[random.int(0, places.length - 1)] as (typeof places)[number];
  const current = (parent as Record<string | number, unknown>)[key];
  const roll = random.next();
  if (roll < 0.15) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (roll < 0.2 && !Array.isArray(parent)) {
    parent['unexpected'] = 1;
  } else if (typeof current === 'number' && roll < 0.7) {
    const nearby = [current + 1, current - 1, current * 2, Math.floor(current / 2), -current];
    (parent as Record<string | number, unknown>)[key] = nearby[random.int(0, nearby.length - 1)];
  } else {
    (parent as Record<string | number, unknown>)[key] = replacements[random.int(0, replacements.length - 1)];
  }
}

describe(`checkpoint fuzzing: ${CASES} seeded mutations of a valid checkpoint`, () => {
  let original: Uint8Array;
  beforeAll(async () => {
    expect(await runCli(['train', 'copy', ...tiny, '--steps', '2', '--out', 'valid'], memoryIo(folder))).toBe(0);
    // A plain copy: a Buffer's slice() is a view, and the mutations must never touch the original.
    original = Uint8Array.from(readFileSync(join(folder, 'valid', 'checkpoint.ntm')));
  }, 60_000);

  it('every one is rejected with one clear line or loads to a model whose evaluation is finite; none crashes or hangs', async () => {
    const outcomes = { rejected: 0, loaded: 0 };
    const kinds = Object.keys(mutations) as (keyof typeof mutations)[];
    let slowest = 0;
    for (let index = 0; index < CASES; index++) {
      const random = new Random(index);
      const kind = kinds[index % kinds.length] as keyof typeof mutations;
      const bytes = mutations[kind](original, random);
      const path = join(folder, 'case.ntm');
      writeFileSync(path, bytes);
      // NTM_DEBUG=1 prints the error's stack first: its class tells a clear rejection from a crash.
      const io = memoryIo(folder, { env: { NTM_DEBUG: '1' } });
      const started = performance.now();
      const code = await runCli(['eval', path, '--json', '--sequences', '4', '--lengths', '2', '--batch-size', '4'], io);
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      const context = `case ${index} (${kind}): exit ${code}, ${io.output.stderr.slice(0, 400)}`;
      expect(elapsed, context).toBeLessThan(CASE_LIMIT_MS);
      if (code === 0) {
        const report = JSON.parse(io.output.stdout) as { heldOut: { cost: number; bitErrors: number }; generalisation: { rows: { cost: number }[] } };
        expect(Number.isFinite(report.heldOut.cost), context).toBe(true);
        expect(Number.isFinite(report.heldOut.bitErrors), context).toBe(true);
        for (const row of report.generalisation.rows) expect(Number.isFinite(row.cost), context).toBe(true);
        outcomes.loaded++;
        continue;
      }
      expect([1, 2], context).toContain(code);
      const lines = io.output.stderr.trimEnd().split('\n');
      expect(lines[0], context).toMatch(/^(CheckpointError|UsageError|CommandError): /);
      const line = lines.at(-1) as string;
      expect(line, context).toMatch(/^ntm: error: \S/);
      // Printable: no control character (C0, DEL or C1) reaches the terminal.
      expect(
        [...line].some((character) => /\p{Cc}/u.test(character)),
        context,
      ).toBe(false);
      expect(line.length, context).toBeLessThan(1000);
      outcomes.rejected++;
    }
    // Both outcomes occur: the edits with a correct CRC do load (they test the meaning checks).
    expect(outcomes.rejected + outcomes.loaded).toBe(CASES);
    expect(outcomes.rejected).toBeGreaterThan(CASES / 2);
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(slowest).toBeLessThan(CASE_LIMIT_MS);
  }, 120_000);
});

describe("checkpoint fuzzing through train --resume: 300 seeded edits of the checkpoint's JSON with a recomputed CRC", () => {
  it('every one is rejected with one clear line, or resumes and trains (to a finite evaluation, or to a clear "diverged")', async () => {
    expect(await runCli(['train', 'copy', ...tiny, '--steps', '2', '--out', 'resumable'], memoryIo(folder))).toBe(0);
    const original = Uint8Array.from(readFileSync(join(folder, 'resumable', 'checkpoint.ntm')));
    const outcomes = { rejected: 0, resumed: 0, diverged: 0 };
    for (let index = 0; index < 300; index++) {
      const path = join(folder, 'resume-case.ntm');
      writeFileSync(path, mutations.editJson(original, new Random(100_000 + index)));
      const io = memoryIo(folder, { env: { NTM_DEBUG: '1' } });
      const started = performance.now();
      const code = await runCli(['train', '--resume', path, '--steps', '3', '--out', `resumed-${index}`, '--stop-at', 'none'], io);
      const context = `case ${index}: exit ${code}, ${io.output.stderr.slice(0, 400)}`;
      expect(performance.now() - started, context).toBeLessThan(CASE_LIMIT_MS);
      if (code === 0) {
        const log = readFileSync(join(folder, `resumed-${index}`, 'log.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        const evaluation = log.filter((record) => record.kind === 'evaluation').at(-1);
        expect(Number.isFinite(evaluation?.evaluationCost), context).toBe(true);
        outcomes.resumed++;
        continue;
      }
      const lines = io.output.stderr.trimEnd().split('\n');
      // An edited learning rate or clipping can make a sound checkpoint diverge: the trainer's own clear stop.
      if (code === 1 && lines.length === 1 && /^ntm: error: training diverged at step \d+: /.test(lines[0] as string)) {
        outcomes.diverged++;
        continue;
      }
      expect(lines[0], context).toMatch(/^(CheckpointError|UsageError|CommandError): /);
      expect(lines.at(-1), context).toMatch(/^ntm: error: \S/);
      outcomes.rejected++;
    }
    expect(outcomes.rejected).toBeGreaterThan(100);
    expect(outcomes.resumed).toBeGreaterThan(5);
  }, 120_000);
});
