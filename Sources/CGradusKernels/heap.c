// See Storage.heapTuned in Sources/GradusTensor/Storage.swift.
#include "gradus_kernels.h"

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
