import { createBackend, listBackends, unregisterBackend } from '@ntm/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { REFERENCE_BACKEND_PRIORITY, registerReferenceBackend } from './register.js';

describe('registerReferenceBackend', () => {
  afterEach(() => unregisterBackend('reference'));

  it('importing the package registers nothing; registering makes createBackend("reference") work', async () => {
    await import('./index.js');
    expect(listBackends()).not.toContain('reference');
    registerReferenceBackend();
    expect(listBackends()).toContain('reference');
    const { backend } = await createBackend('reference');
    expect(backend.name).toBe('reference');
    expect(backend.capabilities.precision).toBe('float64');
  });

  it('registers with the lowest priority, so any other backend is preferred', async () => {
    expect(REFERENCE_BACKEND_PRIORITY).toBe(0);
    registerReferenceBackend();
    const { registerBackend } = await import('@ntm/backend');
    const { createReferenceBackend } = await import('./reference-backend.js');
    registerBackend('faster', createReferenceBackend, 1);
    try {
      expect(listBackends().indexOf('faster')).toBeLessThan(listBackends().indexOf('reference'));
    } finally {
      unregisterBackend('faster');
    }
  });
});
