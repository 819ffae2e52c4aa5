// The NTM's memory read (Graves et al. 2014, eq. 2; NTM-SPEC §2) for every read head, forward
// and backward, in float32 with 4-lane SIMD over the word: the maths of
// `src/fused/read-memory-loops.ts` (the float64 JavaScript version the tests hold this one to).
#include "simd.h"

/** r_h = Σ_i w_h[i] M[i]: memory [B, N, M], weighting [B, H, N] → read [B, H, M]. */
EXPORT(read_memory_forward)
void read_memory_forward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting, float *read) {
  for (int b = 0; b < batch; b++) {
    for (int h = 0; h < heads; h++) {
      const float *w = weighting + (b * heads + h) * slots;
      float *r = read + (b * heads + h) * word_size;
      for (int m = 0; m < word_size; m++) r[m] = 0.0f;
      for (int i = 0; i < slots; i++) {
        const f4 weight = splat(w[i]);
        const float *row = memory + (b * slots + i) * word_size;
        FOR_CHUNKS(m, word_size, n, { storen(r + m, add4(loadn(r + m, n, 0.0f), mul4(weight, loadn(row + m, n, 0.0f))), n); });
      }
    }
  }
}

/** The backward pass: dL/dr [B, H, M] → dL/dM[i] = Σ_h w_h[i] dr_h [B, N, M] and dL/dw_h[i] = dr_h · M[i] [B, H, N]. */
EXPORT(read_memory_backward)
void read_memory_backward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                          const float *read_gradient, float *memory_gradient, float *weighting_gradient) {
  for (int b = 0; b < batch; b++) {
    const float *dr = read_gradient + b * heads * word_size;
    for (int i = 0; i < slots; i++) {
      const float *row = memory + (b * slots + i) * word_size;
      float *row_gradient = memory_gradient + (b * slots + i) * word_size;
      for (int h = 0; h < heads; h++) weighting_gradient[(b * heads + h) * slots + i] = dot(dr + h * word_size, row, word_size);
      FOR_CHUNKS(m, word_size, n, {
        f4 total = splat(0.0f);
        for (int h = 0; h < heads; h++) total = add4(total, mul4(splat(weighting[(b * heads + h) * slots + i]), loadn(dr + h * word_size + m, n, 0.0f)));
        storen(row_gradient + m, total, n);
      });
    }
  }
}
