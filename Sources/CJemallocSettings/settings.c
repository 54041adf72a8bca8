// jemalloc reads this at start-up (see include/jemalloc_settings.h).
#include "jemalloc_settings.h"

// By default jemalloc gives arrays of 8 MiB and more an arena of their own that returns their
// pages to the kernel as soon as they are freed; a training step frees and makes the same large
// arrays again, and each one then page-faults its memory in anew (W5 at T = 1024: 22,000
// faults, a third slower than with glibc's malloc). Without that threshold they share the
// normal arenas, whose freed pages are returned after about ten seconds of disuse.
const char *malloc_conf = "oversize_threshold:0";
