// See include/gradus_optimizers.h. The prelude's `adam_update` loop runs about twelve tensor
// operations per parameter, each a pass over memory and a new array; this is one pass.
#include "gradus_optimizers.h"

#include "clones.h"

// Separate rounding for every operation, as the tensor operations round (see kernels.c).
#pragma clang fp contract(off)

// The body for one element type T. Comments quote the prelude's lines; `x + s·y` is the
// interpreter's in-place update `p -= …` (Tensor.update), whose −1·step is exact.
#define ADAM_STEP(T, SQRT)                                                                  \
  const T beta1 = (T)c->beta1, one_minus_beta1 = (T)c->one_minus_beta1;                     \
  const T beta2 = (T)c->beta2, one_minus_beta2 = (T)c->one_minus_beta2;                     \
  const T bias1 = (T)c->bias_correction1, bias2 = (T)c->bias_correction2;                   \
  const T lr = (T)c->lr, eps = (T)c->eps;                                                   \
  const T weight_decay = (T)c->weight_decay, decay_scale = (T)c->decay_scale;               \
  const int l2 = c->weight_decay != 0, decoupled = c->decoupled;                            \
  for (ptrdiff_t i = 0; i < n; i++) {                                                       \
    T gi = g[i];                                                                            \
    if (l2) gi = gi + weight_decay * p[i];          /* g = g + weight_decay * p */          \
    T mi = beta1 * m[i] + one_minus_beta1 * gi;     /* m = beta1 * m + (1 - beta1) * g */   \
    T vi = beta2 * v[i] + one_minus_beta2 * (gi * gi); /* v = … + (1 - beta2) * g ^ 2 */    \
    m_out[i] = mi;                                                                          \
    v_out[i] = vi;                                                                          \
    T m_hat = mi / bias1;                                                                   \
    T v_hat = vi / bias2;                                                                   \
    T step = (lr * m_hat) / (SQRT(v_hat) + eps);    /* lr * m_hat / (sqrt(v_hat) + eps) */  \
    T pi = p[i];                                                                            \
    if (decoupled) pi = pi + decay_scale * pi;      /* p -= lr * weight_decay * p */        \
    p[i] = pi - step;                               /* p -= step */                         \
  }

GRADUS_CLONES
void gradus_adam_f32(float *p, const float *g, const float *m, const float *v, float *m_out,
                     float *v_out, ptrdiff_t n, const gradus_adam_constants *c) {
  ADAM_STEP(float, __builtin_elementwise_sqrt)
}

GRADUS_CLONES
void gradus_adam_f64(double *p, const double *g, const double *m, const double *v,
                     double *m_out, double *v_out, ptrdiff_t n, const gradus_adam_constants *c) {
  ADAM_STEP(double, __builtin_elementwise_sqrt)
}
