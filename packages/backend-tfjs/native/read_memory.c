// The NTM's memory read (Graves et al. 2014, eq. 2; docs/math.md §2) for every read head, forward
// and backward, in float32 with 4-lane SIMD over the word. Internal to the memory step
// (memory_step.c), which the tests hold to the generic composition of @ntm/addressing.
#include "simd.h"
#include "kernels.h"

/**
 * r_h = Σ_i w_h[i] M[i]: memory [B, N, M], weighting [B, H, N] → read [B, H, M]. Four rows per
 * step: r is loaded and stored once per four rows rather than once per row.
 */
void read_memory_forward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting, float *read) {
  for (int b = 0; b < batch; b++) {
    const float *rows = memory + b * slots * word_size;
    for (int h = 0; h < heads; h++) {
      const float *w = weighting + (b * heads + h) * slots;
      float *r = read + (b * heads + h) * word_size;
      for (int m = 0; m < word_size; m++) r[m] = 0.0f;
      int i = 0;
      for (; i + 4 <= slots; i += 4) {
        const f4 w0 = splat(w[i]), w1 = splat(w[i + 1]), w2 = splat(w[i + 2]), w3 = splat(w[i + 3]);
        const float *four = rows + i * word_size;
        FOR_CHUNKS(m, word_size, n, {
          f4 first = add4(mul4(w0, loadn(four + m, n, 0.0f)), mul4(w1, loadn(four + word_size + m, n, 0.0f)));
          f4 second = add4(mul4(w2, loadn(four + 2 * word_size + m, n, 0.0f)), mul4(w3, loadn(four + 3 * word_size + m, n, 0.0f)));
          storen(r + m, add4(loadn(r + m, n, 0.0f), add4(first, second)), n);
        });
      }
      for (; i < slots; i++) {
        const f4 weight = splat(w[i]);
        const float *row = rows + i * word_size;
        FOR_CHUNKS(m, word_size, n, { storen(r + m, add4(loadn(r + m, n, 0.0f), mul4(weight, loadn(row + m, n, 0.0f))), n); });
      }
    }
  }
}

/**
 * The backward pass: dL/dr [B, H, M] → dL/dM[i] = Σ_h w_h[i] dr_h [B, N, M] and dL/dw_h[i] = dr_h · M[i] [B, H, N]
 * (the dot products four rows at a time).
 */
static inline __attribute__((always_inline)) void read_memory_backward_body(int batch, int heads, int slots, int word_size, const float *memory,
                                                                            const float *weighting, const float *read_gradient,
                                                                            const float *base, float *memory_gradient,
                                                                            float *weighting_gradient) {
  for (int b = 0; b < batch; b++) {
    const float *dr = read_gradient + b * heads * word_size;
    int i = 0;
    for (; i + 4 <= slots; i += 4) {
      const float *four = memory + (b * slots + i) * word_size;
      for (int h = 0; h < heads; h++) wasm_v128_store(weighting_gradient + (b * heads + h) * slots + i, dot_four_rows(four, dr + h * word_size, word_size));
    }
    for (; i < slots; i++) {
      const float *row = memory + (b * slots + i) * word_size;
      for (int h = 0; h < heads; h++) weighting_gradient[(b * heads + h) * slots + i] = dot(dr + h * word_size, row, word_size);
    }
    for (i = 0; i < slots; i++) {
      float *row_gradient = memory_gradient + (b * slots + i) * word_size;
      const float *row_base = base == 0 ? 0 : base + (b * slots + i) * word_size;
      if (heads == 1) {
        const f4 weight = splat(weighting[b * slots + i]);
        FOR_CHUNKS(m, word_size, n, {
          f4 total = mul4(weight, loadn(dr + m, n, 0.0f));
          if (row_base != 0) total = add4(loadn(row_base + m, n, 0.0f), total);
          storen(row_gradient + m, total, n);
        });
        continue;
      }
      FOR_CHUNKS(m, word_size, n, {
        f4 total = row_base == 0 ? splat(0.0f) : loadn(row_base + m, n, 0.0f);
        for (int h = 0; h < heads; h++) total = add4(total, mul4(splat(weighting[(b * heads + h) * slots + i]), loadn(dr + h * word_size + m, n, 0.0f)));
        storen(row_gradient + m, total, n);
      });
    }
  }
}

/**
 * The read's backward pass with dL/dM = base + Σ_h w_h dr_h (base [B, N, M], which may be
 * memory_gradient itself): memory_step_backward adds the read's gradient to another one in the
 * same pass.
 */
void read_memory_backward_onto(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                               const float *read_gradient, const float *base, float *memory_gradient, float *weighting_gradient) {
  read_memory_backward_body(batch, heads, slots, word_size, memory, weighting, read_gradient, base, memory_gradient, weighting_gradient);
}
