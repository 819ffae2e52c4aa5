import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCheckpoint } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-convert-'));
/** A tiny copy run's checkpoint in the older NTMC format (3 steps of `ntm train copy`). */
const LEGACY = new URL('./__fixtures__/legacy-ntmc-v1.ntm', import.meta.url);

async function ntm(argv: string[]) {
  const io = memoryIo(folder);
  const code = await runCli(argv, io);
  return { code, ...io.output };
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('ntm convert', () => {
  it('rewrites an NTMC checkpoint as safetensors with the same model, tensors (every bit) and metadata, which resumes', async () => {
    copyFileSync(LEGACY, join(folder, 'old.ntm'));
    const result = await ntm(['convert', 'old.ntm', 'new.ntm']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote new\.ntm: safetensors \(ntm checkpoint format 2\), \d+ tensors, [\d.]+ KiB; the model and the state to resume it\n$/);
    const bytes = new Uint8Array(readFileSync(join(folder, 'new.ntm')));
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))).__metadata__.format).toBe('ntm-checkpoint');
    const before = decodeCheckpoint(new Uint8Array(readFileSync(LEGACY)));
    const after = decodeCheckpoint(bytes);
    expect(after.model).toEqual(before.model);
    expect(after.metadata).toEqual(before.metadata);
    expect(after.tensors.map((tensor) => [tensor.name, tensor.shape, bits(tensor.values)])).toEqual(
      before.tensors.map((tensor) => [tensor.name, tensor.shape, bits(tensor.values)]),
    );
    const resumed = await ntm(['train', '--resume', 'new.ntm', '--steps', '5', '--out', 'resumed', '--stop-at', 'none', '--plain']);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('converts in place', async () => {
    copyFileSync(LEGACY, join(folder, 'in-place.ntm'));
    expect((await ntm(['convert', 'in-place.ntm', 'in-place.ntm'])).code).toBe(0);
    expect(new TextDecoder().decode(readFileSync(join(folder, 'in-place.ntm')).subarray(0, 4))).not.toBe('NTMC');
    expect(decodeCheckpoint(new Uint8Array(readFileSync(join(folder, 'in-place.ntm')))).metadata).toEqual(
      decodeCheckpoint(new Uint8Array(readFileSync(LEGACY))).metadata,
    );
  });

  it('with --model-only, writes a model to share: a third of the size, shown and evaluated without --task, not resumable', async () => {
    copyFileSync(LEGACY, join(folder, 'run.ntm'));
    const result = await ntm(['convert', 'run.ntm', 'model.ntm', '--model-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/; the model only\n$/);
    expect(statSync(join(folder, 'model.ntm')).size).toBeLessThan(0.5 * statSync(join(folder, 'run.ntm')).size);
    const shared = decodeCheckpoint(new Uint8Array(readFileSync(join(folder, 'model.ntm'))));
    expect(shared.tensors.every((tensor) => tensor.name.startsWith('parameters/'))).toBe(true);
    expect(shared.metadata).toEqual({
      trainedOn: { task: 'copy', taskConfig: { bits: 4, maxLength: 3 }, seed: 1, step: 3, sequencesSeen: expect.any(Number) },
    });
    expect((await ntm(['eval', 'model.ntm', '--sequences', '8', '--json'])).code).toBe(0);
    expect((await ntm(['show', 'model.ntm', '--out', 'model.svg'])).code).toBe(0);
    const resume = await ntm(['train', '--resume', 'model.ntm', '--steps', '5', '--out', 'never']);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/^ntm: error: .*model\.ntm/m);
  });

  it('refuses to write over another file, and says what is wrong with a bad input in one line', async () => {
    writeFileSync(join(folder, 'precious.txt'), 'keep me');
    copyFileSync(LEGACY, join(folder, 'source.ntm'));
    const refused = await ntm(['convert', 'source.ntm', 'precious.txt']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('ntm: error: precious.txt already exists and is not the checkpoint being converted; remove it or choose another name\n');
    expect(readFileSync(join(folder, 'precious.txt'), 'utf8')).toBe('keep me');
    writeFileSync(join(folder, 'garbage.ntm'), 'not a checkpoint at all');
    const bad = await ntm(['convert', 'garbage.ntm', 'out.ntm']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ntm: error: .*garbage\.ntm is not a checkpoint: not a safetensors file \(.*\), nor an older NTMC one\n$/);
  });
});
