// One BLAS call per block of images against one per image, for the three products of a
// convolution as Sources/GradusTensor/Convolution2D.swift computes them (im2col columns laid
// out [C·kh·kw, N·OH·OW]). Raw sgemm on preallocated buffers, thread CPU time, best of 200.
//
//   cc -O2 benchmarks/conv_blas_calls.c $(pkg-config --cflags --libs openblas) -o /tmp/calls
//   OPENBLAS_NUM_THREADS=1 /tmp/calls
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *buffer(long n) {
  float *p = malloc(n * sizeof(float));
  for (long i = 0; i < n; i++) p[i] = (float)((i * 7919) % 1000) / 1000.f - 0.5f;
  return p;
}

// N images, O output channels, R = C·kh·kw rows of the columns, L = OH·OW positions.
static void run(const char *name, int N, int O, int R, int L) {
  long W = (long)N * L;
  float *k = buffer((long)O * R), *col = buffer(R * W), *g = buffer(O * W), *out = buffer(O * W);
  float *dk = buffer((long)O * R), *dcol = buffer(R * W);
  double best[6] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9}, t;
  for (int rep = 0; rep < 200; rep++) {
    // forward: out[O, N·L] = k[O, R] · col[R, N·L]
    t = now();
    for (int n = 0; n < N; n++)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, O, L, R, 1, k, R, col + (long)n * L,
                  W, 0, out + (long)n * L, W);
    if ((t = now() - t) < best[0]) best[0] = t;
    t = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, O, W, R, 1, k, R, col, W, 0, out, W);
    if ((t = now() - t) < best[1]) best[1] = t;
    // kernel gradient: dk[O, R] = g[O, N·L] · colᵀ
    t = now();
    for (int n = 0; n < N; n++)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, O, R, L, 1, g + (long)n * L, W,
                  col + (long)n * L, W, n > 0, dk, R);
    if ((t = now() - t) < best[2]) best[2] = t;
    t = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, O, R, W, 1, g, W, col, W, 0, dk, R);
    if ((t = now() - t) < best[3]) best[3] = t;
    // columns' gradient: dcol[R, N·L] = kᵀ · g
    t = now();
    for (int n = 0; n < N; n++)
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, R, L, O, 1, k, R, g + (long)n * L, W,
                  0, dcol + (long)n * L, W);
    if ((t = now() - t) < best[4]) best[4] = t;
    t = now();
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, R, W, O, 1, k, R, g, W, 0, dcol, W);
    if ((t = now() - t) < best[5]) best[5] = t;
  }
  printf("%s: forward %.0f µs per image, %.0f µs in one call; kernel gradient %.0f / %.0f µs; "
         "columns' gradient %.0f / %.0f µs\n",
         name, best[0] * 1e6, best[1] * 1e6, best[2] * 1e6, best[3] * 1e6, best[4] * 1e6,
         best[5] * 1e6);
}

int main(void) {
  run("W7 second layer [64, 16, 8, 8] -> 32, 3x3", 64, 32, 144, 64);
  run("W7 first layer [64, 3, 16, 16] -> 16, 3x3", 64, 16, 27, 256);
  run("lesson 09 [32, 1, 8, 8] -> 4, 3x3", 32, 4, 9, 36);
  run("CIFAR-sized [32, 32, 32, 32] -> 64, 3x3", 32, 64, 288, 1024);
  return 0;
}
