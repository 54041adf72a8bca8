// jemalloc, linked into the gradus executables in place of glibc's malloc (see Package.swift).
// Only mallctl is declared here: jemalloc.h re-declares malloc and free, which the C library's
// headers already give Swift.
#include <stddef.h>
#include <sys/types.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

// jemalloc's version, e.g. "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"; NULL if the
// process's malloc is not jemalloc's (mallctl then answers for no one).
static inline const char *gradus_jemalloc_version(void) {
  const char *version = NULL;
  size_t size = sizeof version;
  return mallctl("version", &version, &size, NULL, 0) == 0 ? version : NULL;
}

// jemalloc's `opt.oversize_threshold` (bytes; see CJemallocSettings), or -1 if unavailable.
static inline long gradus_jemalloc_oversize_threshold(void) {
  size_t value = 0;
  size_t size = sizeof value;
  return mallctl("opt.oversize_threshold", &value, &size, NULL, 0) == 0 ? (long)value : -1;
}

// jemalloc's `opt.dirty_decay_ms` (-1: freed pages are kept), or -2 if unavailable.
static inline long gradus_jemalloc_dirty_decay_ms(void) {
  ssize_t value = 0;
  size_t size = sizeof value;
  return mallctl("opt.dirty_decay_ms", &value, &size, NULL, 0) == 0 ? (long)value : -2;
}
