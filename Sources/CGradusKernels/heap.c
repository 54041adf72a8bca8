// See Storage.heapTuned and Storage.init in Sources/GradusTensor/Storage.swift.
#include "gradus_kernels.h"

#include <pthread.h>
#include <stdint.h>
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

// Per-thread lists of freed array buffers, by size in steps of 64 bytes up to 64 KiB.
//
// A training step frees and allocates the same few dozen array sizes over and over. Above
// glibc's per-thread cache (1 KiB) each malloc and free takes the allocator's general path
// (bins, coalescing, locks): 150–300 instructions, a tenth of a small network's step. Here a
// freed buffer waits on its thread's list for the next array of its size class instead.
// Under AddressSanitizer every buffer goes straight back to malloc, so that a use after free
// is still caught rather than hidden by reuse.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GRADUS_NO_POOL 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define GRADUS_NO_POOL 1
#endif
#ifdef GRADUS_NO_POOL
enum { POOL_CLASSES_ENABLED = 0 };
#else
enum { POOL_CLASSES_ENABLED = 1 };
#endif

enum { POOL_STEP = 64, POOL_CLASSES = 1024, POOL_PER_CLASS = 16 };
static const size_t POOL_MAX_BYTES = 8u << 20;  // per thread

struct pool_block { struct pool_block *next; };
struct pool {
  struct pool_block *lists[POOL_CLASSES + 1];
  uint8_t counts[POOL_CLASSES + 1];
  size_t bytes;
  int registered;
};

static __thread struct pool thread_pool;
static pthread_key_t pool_key;
static pthread_once_t pool_key_once = PTHREAD_ONCE_INIT;

// At thread exit: hand the waiting buffers back to malloc.
static void pool_drain(void *unused) {
  (void)unused;
  struct pool *pool = &thread_pool;
  for (int c = 0; c <= POOL_CLASSES; c++) {
    while (pool->lists[c]) {
      struct pool_block *block = pool->lists[c];
      pool->lists[c] = block->next;
      free(block);
    }
    pool->counts[c] = 0;
  }
  pool->bytes = 0;
  // Frees by later destructors of this thread register again, so the drain runs again.
  pool->registered = 0;
}

static void pool_make_key(void) { pthread_key_create(&pool_key, pool_drain); }

void *gradus_allocate(size_t bytes, size_t alignment) {
  if (alignment != 0) {
    void *p = NULL;
    return posix_memalign(&p, alignment, bytes) == 0 ? p : NULL;
  }
  size_t c = (bytes + POOL_STEP - 1) / POOL_STEP;
  if (!POOL_CLASSES_ENABLED || c == 0 || c > POOL_CLASSES) return malloc(bytes);
  struct pool *pool = &thread_pool;
  struct pool_block *block = pool->lists[c];
  if (block) {
    pool->lists[c] = block->next;
    pool->counts[c]--;
    pool->bytes -= c * POOL_STEP;
    return block;
  }
  // Every buffer of a class has the class's full size, so any of them fits any request.
  return malloc(c * POOL_STEP);
}

void gradus_free(void *p, size_t bytes, size_t alignment) {
  size_t c = (bytes + POOL_STEP - 1) / POOL_STEP;
  struct pool *pool = &thread_pool;
  if (!POOL_CLASSES_ENABLED || alignment != 0 || c == 0 || c > POOL_CLASSES || pool->counts[c] >= POOL_PER_CLASS ||
      pool->bytes + c * POOL_STEP > POOL_MAX_BYTES) {
    free(p);
    return;
  }
  if (!pool->registered) {
    // A non-null value makes the key's destructor run when this thread ends.
    pthread_once(&pool_key_once, pool_make_key);
    pthread_setspecific(pool_key, pool);
    pool->registered = 1;
  }
  struct pool_block *block = p;
  block->next = pool->lists[c];
  pool->lists[c] = block;
  pool->counts[c]++;
  pool->bytes += c * POOL_STEP;
}
