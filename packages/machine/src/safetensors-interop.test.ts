import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { tinyNtm } from './__fixtures__/models.js';
import { encodeCheckpoint } from './checkpoint/format.js';
import { loadModel, modelCheckpoint } from './checkpoint/model-checkpoint.js';
import { createModel } from './create-model.js';
import { readCheckpointFile } from './node.js';

/** The virtual environment `scripts/ensure-python-safetensors.sh` makes (the root `pnpm test` runs it first). */
const PYTHON = fileURLToPath(new URL('../.python/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./__fixtures__/safetensors_interop.py', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'ntm-safetensors-'));

function python(args: string[], input?: string): unknown {
  return JSON.parse(execFileSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 }));
}

describe("checkpoints and Python's safetensors, the format's reference implementation", () => {
  it('has its environment (bash packages/machine/scripts/ensure-python-safetensors.sh makes it)', () => {
    expect(existsSync(PYTHON), `${PYTHON} is missing: run bash packages/machine/scripts/ensure-python-safetensors.sh`).toBe(true);
  });

  it('loads a checkpoint the library wrote: every tensor by name, with its shape and every value, and ntm’s metadata', () => {
    const model = createModel(createReferenceBackend(), tinyNtm);
    const contents = modelCheckpoint(model, {
      extraTensors: [{ name: 'optimizer/adam/m', shape: [2, 3], values: Float32Array.from([1e-30, -2, 3.5, 0, 7e20, -0.1]) }],
      metadata: { trainer: { step: 12 } },
    });
    const path = join(folder, 'written-here.ntm');
    writeFileSync(path, encodeCheckpoint(contents));
    const read = python(['read', path]) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
    };
    expect(read.metadata).toMatchObject({ format: 'ntm-checkpoint', format_version: '2', metadata: '{"trainer":{"step":12}}' });
    expect(JSON.parse(read.metadata['model'] as string)).toEqual(model.config);
    expect(Object.keys(read.tensors).sort()).toEqual(contents.tensors.map((tensor) => tensor.name).sort());
    for (const tensor of contents.tensors) {
      const theirs = read.tensors[tensor.name];
      expect(theirs?.dtype, tensor.name).toBe('float32');
      expect(theirs?.shape, tensor.name).toEqual(tensor.shape);
      expect(theirs?.values, tensor.name).toEqual(Array.from(tensor.values));
    }
  });

  it('writes a checkpoint the library loads, with the integrity CRC computed in Python from the format’s definition, or without it', () => {
    const model = createModel(createReferenceBackend(), tinyNtm);
    const shapes = Object.fromEntries(model.parameters.list().map(({ path, variable }) => [`parameters/${path}`, [...variable.shape]]));
    for (const variant of [[], ['--no-crc']]) {
      const path = join(folder, `written-by-python${variant.join('')}.ntm`);
      const values = python(['write', path, JSON.stringify(model.config), ...variant], JSON.stringify(shapes)) as Record<string, number[]>;
      const contents = readCheckpointFile(path);
      expect(contents.metadata).toEqual({ writtenBy: 'python safetensors' });
      const loaded = loadModel(createReferenceBackend(), contents, path);
      for (const { path: name, variable } of loaded.parameters.list()) {
        expect(Array.from(loaded.backend.readSync(variable)), name).toEqual(values[`parameters/${name}`]);
      }
    }
  });
});
