// Fused optimizer steps: one pass over a parameter instead of one per tensor operation.
#ifndef GRADUS_OPTIMIZERS_H
#define GRADUS_OPTIMIZERS_H

#include <stddef.h>

/// The numbers of one Adam step, each already rounded to the parameter's dtype as the prelude's
/// loop rounds a number that meets a tensor (GradusRuntime's OptimizerUpdate.adam).
typedef struct {
  double beta1, one_minus_beta1, beta2, one_minus_beta2;
  double bias_correction1, bias_correction2;  // 1 − β₁ᵗ, 1 − β₂ᵗ
  double lr, eps;
  double weight_decay;  // added to g as weight_decay·p (Adam's L2), 0 for none
  int decoupled;        // AdamW: p ← p + decay_scale·p first, decay_scale = −lr·weight_decay
  double decay_scale;
} gradus_adam_constants;

/// One Adam step of n elements: m_out and v_out get the new moments, p is updated in place.
/// Every multiply, add, divide and square root in the order of OptimizerUpdate.adam, each
/// rounded to the dtype, so the same bits as the prelude's loop.
void gradus_adam_f32(float *p, const float *g, const float *m, const float *v, float *m_out,
                     float *v_out, ptrdiff_t n, const gradus_adam_constants *c);
void gradus_adam_f64(double *p, const double *g, const double *m, const double *v,
                     double *m_out, double *v_out, ptrdiff_t n, const gradus_adam_constants *c);

#endif
