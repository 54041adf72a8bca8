// See include/gradus_kernels.h. Keep in step with Sources/GradusTensor/FastMath.swift.
#include "gradus_kernels.h"

#include <stdint.h>

#include "clones.h"

// Separate rounding for every multiply and add, as Swift does: a fused multiply-add would
// change last bits between the SSE2, AVX2 and AVX-512 versions and the Swift scalar code.
#pragma clang fp contract(off)

// Reinterpretations of bits (type punning through a union is defined in C).
#define INLINE static inline __attribute__((always_inline))
INLINE uint64_t bits_of(double x) { return ((union { double f; uint64_t b; }){.f = x}).b; }
INLINE double double_of(uint64_t b) { return ((union { double f; uint64_t b; }){.b = b}).f; }
INLINE uint32_t bits_of_float(float x) { return ((union { float f; uint32_t b; }){.f = x}).b; }
INLINE float float_of(uint32_t b) { return ((union { float f; uint32_t b; }){.b = b}).f; }

// 2^t = scale · (1 + q); FastMath.exp2Parts.
INLINE double exp2_parts(double t, double *q_out) {
  double shifted = t + 0x1.8p52;
  double f = t - (shifted - 0x1.8p52);
  double q = 1.3215486790144305e-06;
  q = q * f + 1.5252733804059838e-05;
  q = q * f + 0.00015403530393381606;
  q = q * f + 0.0013333558146428441;
  q = q * f + 0.009618129107628477;
  q = q * f + 0.055504108664821576;
  q = q * f + 0.2402265069591007;
  q = q * f + 0.6931471805599453;
  q *= f;
  *q_out = q;
  return double_of(bits_of(1.0) + (bits_of(shifted) << 52));
}

INLINE float fast_exp(float x) {
  float clamped = x > 128.0f ? 128.0f : (x < -160.0f ? -160.0f : x);
  double q;
  double scale = exp2_parts((double)clamped * 1.4426950408889634, &q);
  return (float)(scale * (1.0 + q));
}

INLINE float fast_tanh(float x) {
  float magnitude = float_of(bits_of_float(x) & 0x7fffffffu);
  float clamped = magnitude > 10.0f ? 10.0f : magnitude;
  double q;
  double scale = exp2_parts((double)clamped * 2.8853900817779268, &q);
  double expm1 = scale * q + (scale - 1.0);
  float t = (float)(expm1 / (expm1 + 2.0));
  return float_of(bits_of_float(t) | (bits_of_float(x) & 0x80000000u));
}

GRADUS_CLONES
void gradus_exp_f32(const float *x, float shift, float *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = fast_exp(x[i] - shift);
}

GRADUS_CLONES
void gradus_tanh_f32(const float *x, float *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = fast_tanh(x[i]);
}

// NDArray.gelu's steps: ½·x·(1 + tanh(0.79788456·(x + 0.044715·x·x·x))).
GRADUS_CLONES
void gradus_gelu_f32(const float *x, float *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) {
    float v = x[i];
    float inner = (float)0.7978845608028654 * (v + (float)0.044715 * (v * v * v));
    y[i] = 0.5f * v * (1.0f + fast_tanh(inner));
  }
}

// NDArray.geluDerivative's steps.
GRADUS_CLONES
void gradus_gelu_derivative_f32(const float *x, float *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) {
    float v = x[i];
    float v2 = v * v;
    float t = fast_tanh((float)0.7978845608028654 * (v + (float)0.044715 * (v2 * v)));
    float slope = (float)0.7978845608028654 * (1.0f + (float)(3 * 0.044715) * v2);
    y[i] = 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * slope;
  }
}

// Σ term(k) for k < n in double: eight partial sums, combined in a fixed order.
#define ROW_SUM(result, n, term)                                                            \
  do {                                                                                      \
    double acc_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                              \
    ptrdiff_t k_ = 0;                                                                       \
    for (; k_ + 8 <= (n); k_ += 8)                                                          \
      for (int j_ = 0; j_ < 8; j_++) {                                                      \
        ptrdiff_t k = k_ + j_;                                                              \
        acc_[j_] += (double)(term);                                                         \
      }                                                                                     \
    for (int j_ = 0; k_ + j_ < (n); j_++) {                                                 \
      ptrdiff_t k = k_ + j_;                                                                \
      acc_[j_] += (double)(term);                                                           \
    }                                                                                       \
    (result) = ((acc_[0] + acc_[4]) + (acc_[2] + acc_[6])) +                                \
               ((acc_[1] + acc_[5]) + (acc_[3] + acc_[7]));                                 \
  } while (0)

// The largest of p[0..<n] in eight running maxima; NaNs are skipped unless first (a softmax
// row with a NaN is all NaN either way, since its sum is NaN).
INLINE float row_max(const float *p, ptrdiff_t n) {
  float m[8];
  for (int j = 0; j < 8; j++) m[j] = p[0];
  ptrdiff_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; j++) m[j] = p[k + j] > m[j] ? p[k + j] : m[j];
  for (int j = 0; k + j < n; j++) m[j] = p[k + j] > m[j] ? p[k + j] : m[j];
  float best = m[0];
  for (int j = 1; j < 8; j++) best = m[j] > best ? m[j] : best;
  return best;
}

GRADUS_CLONES
void gradus_softmax_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n) {
  if (n <= 0) return;
  for (ptrdiff_t r = 0; r < rows; r++) {
    const float *p = x + r * n;
    float *q = y + r * n;
    float best = row_max(p, n);
    for (ptrdiff_t k = 0; k < n; k++) q[k] = fast_exp(p[k] - best);
    double total;
    ROW_SUM(total, n, q[k]);
    float s = (float)total;
    for (ptrdiff_t k = 0; k < n; k++) q[k] = q[k] / s;
  }
}

GRADUS_CLONES
void gradus_softmax_backward_f32(const float *y, const float *g, float *dx, ptrdiff_t rows,
                                 ptrdiff_t n) {
  for (ptrdiff_t r = 0; r < rows; r++) {
    const float *a = y + r * n, *b = g + r * n;
    float *q = dx + r * n;
    double dot;
    ROW_SUM(dot, n, a[k] * b[k]);
    float d = (float)dot;
    for (ptrdiff_t k = 0; k < n; k++) q[k] = a[k] * (b[k] - d);
  }
}

// μ, x − μ (into c), and √(σ² + eps) of one row: the composition's float steps.
INLINE float centre_row(const float *p, float *c, ptrdiff_t n, float eps) {
  double total;
  ROW_SUM(total, n, p[k]);
  float mu = (float)(total / (double)n);
  for (ptrdiff_t k = 0; k < n; k++) c[k] = p[k] - mu;
  double squares;
  ROW_SUM(squares, n, c[k] * c[k]);
  float variance = (float)(squares / (double)n);
  return __builtin_sqrtf(variance + eps);
}

GRADUS_CLONES
void gradus_layer_norm_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n, float eps) {
  if (n <= 0) return;
  for (ptrdiff_t r = 0; r < rows; r++) {
    float *q = y + r * n;
    float s = centre_row(x + r * n, q, n, eps);
    for (ptrdiff_t k = 0; k < n; k++) q[k] = q[k] / s;
  }
}

GRADUS_CLONES
void gradus_layer_norm_backward_f32(const float *x, const float *g, float *dx, ptrdiff_t rows,
                                    ptrdiff_t n, float eps) {
  if (n <= 0) return;
  for (ptrdiff_t r = 0; r < rows; r++) {
    const float *b = g + r * n;
    float *q = dx + r * n;
    float s = centre_row(x + r * n, q, n, eps);
    for (ptrdiff_t k = 0; k < n; k++) q[k] = q[k] / s;  // x̂, overwritten below
    double sum_g, sum_gx;
    ROW_SUM(sum_g, n, b[k]);
    ROW_SUM(sum_gx, n, b[k] * q[k]);
    float mean_g = (float)(sum_g / (double)n);
    float mean_gx = (float)(sum_gx / (double)n);
    for (ptrdiff_t k = 0; k < n; k++) q[k] = (b[k] - mean_g - q[k] * mean_gx) / s;
  }
}

GRADUS_CLONES
void gradus_add_to_totals_f32(const float *x, double *totals, ptrdiff_t n) {
  for (ptrdiff_t o = 0; o < n; o++) totals[o] += (double)x[o];
}

GRADUS_CLONES
void gradus_add_rows_to_totals_f32(const float *x, ptrdiff_t rows, ptrdiff_t row_stride,
                                   double *totals, ptrdiff_t n) {
  for (ptrdiff_t r = 0; r < rows; r++) {
    const float *row = x + r * row_stride;
    for (ptrdiff_t o = 0; o < n; o++) totals[o] += (double)row[o];
  }
}

// out[i] = A op B for i < count, A and B defined at the use; one loop per operation, so that
// each vectorises, and the switch runs once per call.
#define ZIP_LOOP(out, count)                                                             \
  switch (op) {                                                                          \
  case 0: for (ptrdiff_t i = 0; i < (count); i++) (out)[i] = (A) + (B); break;           \
  case 1: for (ptrdiff_t i = 0; i < (count); i++) (out)[i] = (A) - (B); break;           \
  case 2: for (ptrdiff_t i = 0; i < (count); i++) (out)[i] = (A) * (B); break;           \
  case 4: for (ptrdiff_t i = 0; i < (count); i++) (out)[i] = (A) * ((B) > 0 ? 1.0f : 0.0f); \
    break;                                                                               \
  default: for (ptrdiff_t i = 0; i < (count); i++) (out)[i] = (A) / (B); break;          \
  }

GRADUS_CLONES
void gradus_zip_f32(int op, const float *a, const float *b, float *y, ptrdiff_t n) {
#define A a[i]
#define B b[i]
  ZIP_LOOP(y, n)
#undef A
#undef B
}

GRADUS_CLONES
void gradus_zip_scalar_f32(int op, const float *a, float scalar, int b_scalar, float *y,
                           ptrdiff_t n) {
  if (b_scalar) {
#define A a[i]
#define B scalar
    ZIP_LOOP(y, n)
#undef A
#undef B
  } else {
#define A scalar
#define B a[i]
    ZIP_LOOP(y, n)
#undef A
#undef B
  }
}

GRADUS_CLONES
void gradus_zip_row_f32(int op, const float *a, const float *row, int b_row, float *y,
                        ptrdiff_t n, ptrdiff_t length) {
  for (ptrdiff_t start = 0; start < n; start += length) {
    const float *x = a + start;
    float *out = y + start;
    if (b_row) {
#define A x[i]
#define B row[i]
      ZIP_LOOP(out, length)
#undef A
#undef B
    } else {
#define A row[i]
#define B x[i]
      ZIP_LOOP(out, length)
#undef A
#undef B
    }
  }
}
