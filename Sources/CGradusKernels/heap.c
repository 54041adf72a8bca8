// See Storage.heapTuned and Storage.init in Sources/GradusTensor/Storage.swift.
#include "gradus_kernels.h"

#include <stdlib.h>

#if defined(__linux__)
#include <malloc.h>  // also defines __GLIBC__ (through features.h) when the C library is glibc
#endif

void gradus_tune_heap(void) {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
  // Setting either threshold turns off glibc's adaptation of both, so both are set.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

void *gradus_allocate(size_t bytes, size_t alignment) {
  if (alignment == 0) return malloc(bytes);
  void *p = NULL;
  return posix_memalign(&p, alignment, bytes) == 0 ? p : NULL;
}

void gradus_free(void *p) { free(p); }
