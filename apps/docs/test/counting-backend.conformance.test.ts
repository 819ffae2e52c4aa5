import { describeBackendConformance } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { CountingBackend } from '../examples/counting-backend.js';

// The extending guide's example backend passes the same conformance suite every backend runs.
describeBackendConformance('counting-reference', () => new CountingBackend(createReferenceBackend()));

describe('the CountingBackend example', () => {
  it('counts the operations it passes on', () => {
    const backend = new CountingBackend(createReferenceBackend());
    const sum = backend.tidy(() => backend.sumAll(backend.add(backend.tensor([1, 2], [2]), backend.scalar(1))));
    expect(Array.from(backend.readSync(sum))).toEqual([5]);
    expect(Object.fromEntries(backend.counts)).toEqual({ tensor: 1, scalar: 1, add: 1, sumAll: 1, readSync: 1 });
    expect(backend.name).toBe('counting-reference');
  });
});
