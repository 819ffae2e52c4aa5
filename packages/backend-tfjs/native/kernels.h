// The kernels the C files call across files (no link-time optimisation, so these stay real
// calls): their prototypes in one place, so that every definition is checked against the one
// declaration its callers use (each .c includes this header).
#ifndef NTM_KERNELS_H
#define NTM_KERNELS_H

// The whole-sequence kernel's table layout and codes (dense activations, head activations), generated.
#include "ntm_sequence_layout.h"

void address_forward(int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon, float sharpening_epsilon,
                     const float *memory, const float *key, const float *key_strength, const float *gate, const float *shift,
                     const float *sharpening, const float *previous, float *weighting, float *tape);
void write_memory_forward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting, const float *erase,
                          const float *add, float *output);
void write_memory_backward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                           const float *erase, const float *add, const float *output_gradient, float *memory_gradient,
                           float *weighting_gradient, float *erase_gradient, float *add_gradient);
void address_backward_accumulate(int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                                 float sharpening_epsilon, const float *memory, const float *tape, const float *output_gradient,
                                 float *memory_gradient, float *key_gradient, float *key_strength_gradient, float *gate_gradient,
                                 float *shift_gradient, float *sharpening_gradient, float *previous_gradient);
void read_memory_forward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting, float *read);
void read_memory_backward_onto(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                               const float *read_gradient, const float *base, float *memory_gradient, float *weighting_gradient);
void mat_mul(int batch, int m, int k, int n, int transpose_a, int transpose_b, const float *a, const float *b, float *c);
void lstm_cell_forward(int batch, int units, const float *gates, const float *bias, const float *previous_cell, float *hidden, float *cell,
                       float *tape);
void lstm_cell_backward(int batch, int units, const float *tape, const float *hidden_gradient, const float *cell_gradient,
                        float *gates_gradient, float *bias_gradient, float *previous_cell_gradient);
void head_activations_forward(int batch, int columns, int block_count, const int *blocks, float clip, const float *pre, const float *bias,
                              float *values, float *tape);
void head_activations_backward(int batch, int columns, int block_count, const int *blocks, const float *tape, const float *gradients,
                               float *pre_gradient);
void memory_step_forward(int batch, int read_heads, int write_heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                         float sharpening_epsilon, int write_first, const float *memory, const float *read_key, const float *read_strength,
                         const float *read_gate, const float *read_shift, const float *read_sharpening, const float *read_previous,
                         const float *write_key, const float *write_strength, const float *write_gate, const float *write_shift,
                         const float *write_sharpening, const float *write_previous, const float *erase, const float *add,
                         float *memory_next, float *read_weighting, float *write_weighting, float *read_vectors, float *tape);
void memory_step_backward(int batch, int read_heads, int write_heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                          float sharpening_epsilon, int write_first, const float *memory, const float *erase, const float *add,
                          const float *memory_next, const float *read_weighting, const float *write_weighting, const float *tape,
                          const float *d_memory_next, const float *d_read_weighting, const float *d_write_weighting,
                          const float *d_read_vectors, float *d_memory, float *d_read_key, float *d_read_strength, float *d_read_gate,
                          float *d_read_shift, float *d_read_sharpening, float *d_read_previous, float *d_write_key, float *d_write_strength,
                          float *d_write_gate, float *d_write_shift, float *d_write_sharpening, float *d_write_previous, float *d_erase,
                          float *d_add, float *scratch);

/** The length of one addressing tape (AddressTapeLayout.length) for `heads` heads. */
static inline int address_tape_length(int batch, int heads, int slots, int word_size, int kernel_width) {
  return batch * heads * (7 * slots + word_size + 4 + kernel_width) + batch * slots;
}

void dense_layer_forward(int batch, int units, int activation, const float *pre, const float *bias, float *hidden, float *record);
void dense_layer_backward(int batch, int units, int activation, const float *record, const float *hidden_gradient, float *pre_gradient);

#endif
