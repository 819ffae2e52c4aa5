import { describe, expect, it, vi } from 'vitest';
import { createTfjsBackend } from './index.js';

describe('tfjs-cpu in Node', () => {
  it('prints no "install tfjs-node" banner on its first tensor', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const backend = await createTfjsBackend('cpu');
      backend.readSync(backend.tensor([1, 2, 3], [3]));
      const printed = [...warn.mock.calls, ...log.mock.calls].flat().join('\n');
      expect(printed).not.toMatch(/tfjs-node|node backend/);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
