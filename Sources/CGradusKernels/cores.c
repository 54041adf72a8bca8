// The cores this process may run on: its CPU affinity (taskset, a container's cpuset), which
// sched_getaffinity reports only with _GNU_SOURCE, so in C rather than through Swift's Glibc.
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

#include "gradus_kernels.h"

int gradus_available_cores(void) {
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? (int)online : 1;
}
