// Matrix products C = op(A) · op(B) for a batch of matrices, row-major, float32 with 4-lane
// SIMD, for the cases tfjs-wasm runs slowly: a transposed operand (every matMul gradient has
// one) and batched products (its generic scalar triple loop). op(A) is m × k, op(B) is k × n;
// A is stored [m, k], or [k, m] when transpose_a; B is [k, n], or [n, k] when transpose_b.
#include "simd.h"
#include "kernels.h"

/** The element (i, p) of op(A). */
static inline float a_at(const float *a, int transpose_a, int m, int k, int i, int p) { return transpose_a ? a[p * m + i] : a[i * k + p]; }

/**
 * A tile of `rows` (≤ 4) rows × `width` (≤ 8) columns of C = op(A) · B with B not transposed:
 * for each p, two vectors of B's row p times each row's op(A)(i, p), accumulated in registers.
 * Called with constant rows and width for full tiles, so the loops unroll.
 */
static inline void tile_b_rows(const float *a, const float *b, float *c, int transpose_a, int m, int k, int n, int i0, int rows, int j0,
                               int width) {
  f4 low[4] = {splat(0.0f), splat(0.0f), splat(0.0f), splat(0.0f)};
  f4 high[4] = {splat(0.0f), splat(0.0f), splat(0.0f), splat(0.0f)};
  const int first = width < 4 ? width : 4;
  const int second = width - 4;
  for (int p = 0; p < k; p++) {
    const float *row = b + p * n + j0;
    f4 b0 = loadn(row, first, 0.0f);
    f4 b1 = second > 0 ? loadn(row + 4, second, 0.0f) : splat(0.0f);
    for (int r = 0; r < rows; r++) {
      f4 scale = splat(a_at(a, transpose_a, m, k, i0 + r, p));
      low[r] = add4(low[r], mul4(scale, b0));
      high[r] = add4(high[r], mul4(scale, b1));
    }
  }
  for (int r = 0; r < rows; r++) {
    storen(c + (i0 + r) * n + j0, low[r], first);
    if (second > 0) storen(c + (i0 + r) * n + j0 + 4, high[r], second);
  }
}

/**
 * C = op(A) · B (B not transposed), tile by tile: column strips outermost, so that a strip of B
 * (k × 8 floats) stays in the L1 cache while every row block of A passes over it.
 */
static void product_b_rows(const float *a, const float *b, float *c, int transpose_a, int m, int k, int n) {
  for (int j = 0; j < n; j += 8) {
    const int width = n - j < 8 ? n - j : 8;
    int i = 0;
    if (width == 8) {
      for (; i + 4 <= m; i += 4) tile_b_rows(a, b, c, transpose_a, m, k, n, i, 4, j, 8);
      for (; i < m; i++) tile_b_rows(a, b, c, transpose_a, m, k, n, i, 1, j, 8);
    } else {
      for (; i + 4 <= m; i += 4) tile_b_rows(a, b, c, transpose_a, m, k, n, i, 4, j, width);
      for (; i < m; i++) tile_b_rows(a, b, c, transpose_a, m, k, n, i, 1, j, width);
    }
  }
}

/**
 * A tile of `rows` (≤ 4) × `columns` (≤ 4) of C = A · Bᵀ (A not transposed): each C(i, j) is a
 * dot product of two stored rows of length k, accumulated as vectors and summed at the end.
 */
static inline void tile_dots(const float *a, const float *b, float *c, int k, int n, int i0, int rows, int j0, int columns) {
  f4 acc[4][4];
  for (int r = 0; r < 4; r++)
    for (int s = 0; s < 4; s++) acc[r][s] = splat(0.0f);
  FOR_CHUNKS(p, k, lanes, {
    f4 bs[4];
    for (int s = 0; s < columns; s++) bs[s] = loadn(b + (j0 + s) * k + p, lanes, 0.0f);
    for (int r = 0; r < rows; r++) {
      f4 av = loadn(a + (i0 + r) * k + p, lanes, 0.0f);
      for (int s = 0; s < columns; s++) acc[r][s] = add4(acc[r][s], mul4(av, bs[s]));
    }
  });
  for (int r = 0; r < rows; r++)
    for (int s = 0; s < columns; s++) c[(i0 + r) * n + j0 + s] = hsum(acc[r][s]);
}

/** C = A · Bᵀ, tile by tile. */
static void product_dots(const float *a, const float *b, float *c, int m, int k, int n) {
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    int j = 0;
    for (; j + 4 <= n; j += 4) tile_dots(a, b, c, k, n, i, 4, j, 4);
    for (; j < n; j++) tile_dots(a, b, c, k, n, i, 4, j, 1);
  }
  for (; i < m; i++)
    for (int j = 0; j < n; j++) tile_dots(a, b, c, k, n, i, 1, j, 1);
}

/** C = Aᵀ · Bᵀ: rare (only the gradient of such a product); plain loops. */
static void product_both_transposed(const float *a, const float *b, float *c, int m, int k, int n) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      float total = 0.0f;
      for (int p = 0; p < k; p++) total += a[p * m + i] * b[j * k + p];
      c[i * n + j] = total;
    }
}

/** C[b] = op(A[b]) · op(B[b]) for b < batch: A [batch, m, k] (or [batch, k, m]), B [batch, k, n] (or [batch, n, k]), C [batch, m, n]. */
EXPORT(mat_mul)
void mat_mul(int batch, int m, int k, int n, int transpose_a, int transpose_b, const float *a, const float *b, float *c) {
  for (int index = 0; index < batch; index++) {
    const float *left = a + index * m * k;
    const float *right = b + index * k * n;
    float *out = c + index * m * n;
    if (!transpose_b) {
      if (transpose_a) product_b_rows(left, right, out, 1, m, k, n);
      else product_b_rows(left, right, out, 0, m, k, n);
    } else if (!transpose_a) {
      product_dots(left, right, out, m, k, n);
    } else {
      product_both_transposed(left, right, out, m, k, n);
    }
  }
}
