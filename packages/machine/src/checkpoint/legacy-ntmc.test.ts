import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleRawCheckpoint, checkpointLayout, withData, withManifest } from '../__fixtures__/checkpoint-bytes.js';
import { CheckpointError } from './contents.js';
import { decodeCheckpoint } from './format.js';

/** A tiny copy run's checkpoint as the older format wrote it (`ntm train copy`, 3 steps), kept to prove such files still load. */
const legacy = new Uint8Array(readFileSync(new URL('../__fixtures__/legacy-ntmc-v1.ntm', import.meta.url)));

/** The CheckpointError `decodeCheckpoint` throws for some bytes (fails if it returns or throws another error). */
function decodeError(bytes: Uint8Array): string {
  try {
    decodeCheckpoint(bytes, 'old.ntm');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return (error as Error).message;
  }
  throw new Error('decodeCheckpoint accepted the bytes');
}

describe('checkpoints in the older NTMC format', () => {
  it('still load: the model config, every tensor and the trainer’s state', () => {
    const contents = decodeCheckpoint(legacy, 'old.ntm');
    expect(contents.model).toMatchObject({ kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 8, wordSize: 6 } });
    expect(contents.metadata['trainer']).toMatchObject({ step: 3, config: { task: 'copy' } });
    const names = contents.tensors.map((tensor) => tensor.name);
    expect(names.some((name) => name.startsWith('parameters/'))).toBe(true);
    expect(names.some((name) => name.startsWith('optimizer/'))).toBe(true);
    for (const tensor of contents.tensors) expect(tensor.values.length).toBe(tensor.shape.reduce((product, size) => product * size, 1));
  });

  it('the fixture helpers rebuild the file so that it decodes (each case below is damaged in one way only)', () => {
    expect(decodeCheckpoint(withManifest(legacy, () => {})).metadata).toEqual(decodeCheckpoint(legacy).metadata);
    expect(decodeCheckpoint(withData(legacy, () => {})).tensors).toHaveLength(decodeCheckpoint(legacy).tensors.length);
  });

  it('a version other than 1', () => {
    const bytes = legacy.slice();
    new DataView(bytes.buffer).setUint32(4, 2, true);
    expect(decodeError(bytes)).toBe('old.ntm has format version 2; this version of @ntm/machine reads NTMC version 1 (and safetensors checkpoints)');
  });

  it('truncated anywhere, or too long', () => {
    expect(decodeError(legacy.subarray(0, 40))).toMatch(/^old\.ntm is truncated: its manifest needs \d+ bytes, only 24 follow the header$/);
    expect(decodeError(legacy.subarray(0, legacy.length - 1))).toMatch(/^old\.ntm is truncated: \d+ bytes, expected \d+/);
    for (let length = 16; length < legacy.length; length += 997) expect(decodeError(legacy.subarray(0, length))).toMatch(/truncated|too short/);
    const longer = new Uint8Array(legacy.length + 4);
    longer.set(legacy);
    expect(decodeError(longer)).toMatch(/^old\.ntm is too long/);
  });

  it('a flipped byte in the data or in the manifest (CRC-32)', () => {
    const { dataStart } = checkpointLayout(legacy);
    const data = legacy.slice();
    data[dataStart + 13] = (data[dataStart + 13] as number) ^ 0x10;
    expect(decodeError(data)).toMatch(/^old\.ntm is corrupt: its data has CRC-32 \d+, the manifest says \d+$/);
    const manifest = legacy.slice();
    manifest[40] = (manifest[40] as number) ^ 0x01;
    expect(decodeError(manifest)).toMatch(/^old\.ntm is corrupt: its manifest has CRC-32 \d+, the header says \d+$|^old\.ntm has a corrupt manifest/);
  });

  it('a manifest that is not JSON, not a checkpoint’s, or with a tensor that does not fit the data', () => {
    expect(decodeError(assembleRawCheckpoint(new TextEncoder().encode('{oops'), new Uint8Array(0)))).toMatch(/^old\.ntm has a corrupt manifest \(.*JSON/);
    expect(decodeError(withManifest(legacy, (manifest) => delete manifest['tensors']))).toBe(
      'old.ntm has a manifest without the ntm-checkpoint fields (format, tensors, dataLength)',
    );
    const first = (manifest: Record<string, unknown>) => (manifest['tensors'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(decodeError(withManifest(legacy, (manifest) => (first(manifest)['offset'] = -1)))).toMatch(/at offset -1, outside the data or inconsistent$/);
    expect(decodeError(withManifest(legacy, (manifest) => (first(manifest)['shape'] = [-2, -3])))).toMatch(/has shape \[-2,-3\]/);
  });

  it('a NaN in the data (with a CRC that matches it)', () => {
    expect(decodeError(withData(legacy, (data) => data.setFloat32(0, Number.NaN, true)))).toMatch(
      /^old\.ntm: tensor \S+ holds a non-finite value \(NaN\) at index 0$/,
    );
  });
});
