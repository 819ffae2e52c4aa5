import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ntmSequenceLayoutHeader } from './ntm-sequence-layout.js';

const headerPath = fileURLToPath(new URL('../../native/ntm_sequence_layout.h', import.meta.url));

describe('the whole-sequence kernel’s table layout', () => {
  it('native/ntm_sequence_layout.h is generated from src/fused/ntm-sequence-layout.ts as it is now', () => {
    // NTM_WRITE_LAYOUT=1 rewrites it (then rebuild the SIMD kernels: pnpm --filter @ntm/backend-tfjs build:simd).
    if (process.env['NTM_WRITE_LAYOUT'] === '1') writeFileSync(headerPath, ntmSequenceLayoutHeader());
    expect(readFileSync(headerPath, 'utf8')).toBe(ntmSequenceLayoutHeader());
  });

  it('names every list entry as a C constant, in order', () => {
    const header = ntmSequenceLayoutHeader();
    expect(header).toContain('enum { SIZE_TIME, SIZE_BATCH, SIZE_INPUT_SIZE,');
    expect(header).toContain('SIZE_KEEP_TAPE, SIZE_CONTROLLER, SIZE_ACTIVATION, SEQUENCE_SIZES };');
    expect(header).toContain('BLOCK_WRITE_ERASE, BLOCK_WRITE_ADD, HEAD_BLOCKS };');
    expect(header).toContain('ACTIVATION_ONE_PLUS_SOFTPLUS, ACTIVATION_SOFTMAX, HEAD_ACTIVATION_COUNT };');
    expect(header).toContain('enum { CONTROLLER_LSTM, CONTROLLER_FEED_FORWARD, CONTROLLER_KIND_COUNT };');
    expect(header).toContain('#define MAX_LAYERS 8');
  });
});
