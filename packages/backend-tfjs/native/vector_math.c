// The vector exp and log of simd.h over whole arrays: exported so that the tests can hold
// them to Math.exp / Math.log over a wide range and the special values.
#include "simd.h"

/** y[i] = e^x[i] for i < n. */
EXPORT(vector_exp)
void vector_exp(int n, const float *x, float *y) {
  FOR_CHUNKS(i, n, k, { storen(y + i, exp4(loadn(x + i, k, 0.0f)), k); });
}

/** y[i] = ln x[i] for i < n. */
EXPORT(vector_log)
void vector_log(int n, const float *x, float *y) {
  FOR_CHUNKS(i, n, k, { storen(y + i, log4(loadn(x + i, k, 1.0f)), k); });
}
