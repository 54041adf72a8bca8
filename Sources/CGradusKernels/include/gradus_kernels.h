// Float32 kernels for exp, tanh, GELU, softmax, layer norm and column sums over contiguous arrays, compiled once per vector
// width (AVX-512, AVX2, SSE2) and picked at load time: Swift code is built for baseline
// x86-64 (SSE2, two doubles per instruction) and has no per-function target attributes.
// The arithmetic is FastMath.swift's, operation for operation and without fused multiply-adds,
// so every width gives the same bits as the Swift scalar code (the tests check). Row sums are
// taken in double in eight interleaved partial sums combined in a fixed order: the same bits at
// every vector width.
#ifndef GRADUS_KERNELS_H
#define GRADUS_KERNELS_H

#include <stddef.h>

/// y[i] = e^(x[i] - shift)
void gradus_exp_f32(const float *x, float shift, float *y, ptrdiff_t n);
/// y[i] = tanh(x[i])
void gradus_tanh_f32(const float *x, float *y, ptrdiff_t n);
/// y[i] = gelu(x[i]), PyTorch's tanh approximation, in the composition's float steps
void gradus_gelu_f32(const float *x, float *y, ptrdiff_t n);
/// y[i] = d gelu / dx at x[i]
void gradus_gelu_derivative_f32(const float *x, float *y, ptrdiff_t n);

/// Each row of n: y = e^(x − max) / Σ e^(x − max).
void gradus_softmax_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n);
/// Each row of n: dx = y · (g − Σ g·y).
void gradus_softmax_backward_f32(const float *y, const float *g, float *dx, ptrdiff_t rows,
                                 ptrdiff_t n);
/// Each row of n: y = (x − μ) / √(σ² + eps).
void gradus_layer_norm_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n, float eps);
/// Each row of n: dx = (g − mean(g) − x̂ · mean(g · x̂)) / √(σ² + eps).
void gradus_layer_norm_backward_f32(const float *x, const float *g, float *dx, ptrdiff_t rows,
                                    ptrdiff_t n, float eps);
/// totals[o] += x[o] for o < n (one step of a column sum, in double).
void gradus_add_to_totals_f32(const float *x, double *totals, ptrdiff_t n);
/// The same for `rows` rows of n, `row_stride` apart, in order (a column sum: bias gradients).
void gradus_add_rows_to_totals_f32(const float *x, ptrdiff_t rows, ptrdiff_t row_stride,
                                   double *totals, ptrdiff_t n);

/// Elementwise a op b for op 0 add, 1 sub, 2 mul, 3 div, 4 a·step(b) (relu's gradient) (IEEE,
/// so the same bits as Swift's).
/// Both of n elements:
void gradus_zip_f32(int op, const float *a, const float *b, float *y, ptrdiff_t n);
/// One operand a single value (`b_scalar`: which one):
void gradus_zip_scalar_f32(int op, const float *a, float scalar, int b_scalar, float *y,
                           ptrdiff_t n);
/// One operand a row of `length` repeated over the other's n elements (`b_row`: which one):
void gradus_zip_row_f32(int op, const float *a, const float *row, int b_row, float *y,
                        ptrdiff_t n, ptrdiff_t length);

/// The cores this process may run on (its CPU affinity), at least 1.
int gradus_available_cores(void);

/// Fixed glibc heap thresholds (see Storage.heapTuned); nothing elsewhere.
void gradus_tune_heap(void);
/// An array buffer: malloc's (16-byte alignment) for alignment 0, else posix_memalign's; NULL
/// when out of memory. Swift's `allocate(byteCount:alignment:)` takes glibc's slower
/// posix_memalign for any alignment.
void *gradus_allocate(size_t bytes, size_t alignment);
void gradus_free(void *p);

#endif
