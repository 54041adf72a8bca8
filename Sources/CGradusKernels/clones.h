// Shared by the kernel files (not part of the module's interface).
#ifndef GRADUS_CLONES_H
#define GRADUS_CLONES_H

// One copy of a kernel per instruction set, chosen when the library loads: AVX-512, AVX2, and
// the baseline. ifunc-based multiversioning needs ELF and glibc; elsewhere the baseline is used.
#if defined(__x86_64__) && defined(__linux__)
#define GRADUS_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define GRADUS_CLONES
#endif

#endif
