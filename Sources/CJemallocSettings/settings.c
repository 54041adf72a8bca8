// jemalloc reads this at start-up (see include/jemalloc_settings.h).
#include "jemalloc_settings.h"

// A training step frees and makes the same arrays again and again. By default jemalloc hands
// the pages of freed memory back to the kernel over the following seconds (and those of
// arrays of 8 MiB and more at once, from an arena of their own), so each new array
// page-faults its memory in anew: W5 at T = 1024 ran a third slower than with glibc's malloc
// (22,000 faults), and a 1024 float64 matrix product reached 90 % of raw BLAS instead of 100 %.
// Here freed memory below 32 MiB stays for reuse (dirty_decay_ms:-1), as glibc kept up to
// 64 MiB; arrays of 32 MiB and more still return their pages as soon as they are freed, like
// glibc's mmap threshold (Storage.heapTuned).
const char *malloc_conf = "oversize_threshold:33554432,dirty_decay_ms:-1";
