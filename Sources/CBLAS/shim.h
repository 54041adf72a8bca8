// OpenBLAS's CBLAS interface plus the few OpenBLAS extras Gradus reports
// (which kernel was chosen at load time, thread count).
#include <cblas.h>

// The CPU features that decide which OpenBLAS kernel to run, as CPUID reports them and only if
// the operating system saves the registers they need (XGETBV). Read here rather than from
// /proc/cpuinfo because CPUID is what OpenBLAS itself sees: under an emulator such as valgrind
// the two differ, and only CPUID tells which kernel can run.
enum {
  GRADUS_CPU_AVX2_FMA = 1,     // avx2 and fma
  GRADUS_CPU_AVX512 = 2,       // avx512f, avx512dq, avx512bw and avx512vl
  GRADUS_CPU_AVX512_BF16 = 4,  // avx512_bf16
};

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static inline unsigned gradus_cpu_features(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!osxsave || !avx) return 0;
  unsigned xcr0_low, xcr0_high;
  __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0x6) != 0x6) return 0;  // SSE and AVX state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  unsigned features = 0;
  if (((b >> 5) & 1) && fma) features |= GRADUS_CPU_AVX2_FMA;
  unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F, DQ, BW, VL
  if ((b & avx512) == avx512 && (xcr0_low & 0xE0) == 0xE0) {  // opmask and ZMM state
    features |= GRADUS_CPU_AVX512;
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d) && ((a >> 5) & 1)) features |= GRADUS_CPU_AVX512_BF16;
  }
  return features;
}
#else
static inline unsigned gradus_cpu_features(void) { return 0; }
#endif
