// See include/gradus_temporary_files.h.
#include "gradus_temporary_files.h"

#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { SLOT_COUNT = 64 };
enum { FREE = 0, FILLING = 1, REGISTERED = 2 };

static char paths[SLOT_COUNT][PATH_MAX];
static atomic_int states[SLOT_COUNT];
static atomic_int installed;

int gradus_temporary_register(const char *path) {
  size_t length = strlen(path);
  if (length >= PATH_MAX) return -1;
  for (int slot = 0; slot < SLOT_COUNT; slot++) {
    int expected = FREE;
    if (atomic_compare_exchange_strong(&states[slot], &expected, FILLING)) {
      memcpy(paths[slot], path, length + 1);
      // Only now may the handler read the slot: it never sees a half-copied path.
      atomic_store(&states[slot], REGISTERED);
      return slot;
    }
  }
  return -1;
}

void gradus_temporary_unregister(int slot) {
  if (slot >= 0 && slot < SLOT_COUNT) atomic_store(&states[slot], FREE);
}

/// Removes every registered temporary file, then dies of the signal as if there were no handler
/// (so the parent still sees "killed by SIGTERM", and a shell prints nothing unusual).
static void remove_temporaries_and_reraise(int signal_number) {
  for (int slot = 0; slot < SLOT_COUNT; slot++) {
    if (atomic_load(&states[slot]) == REGISTERED) unlink(paths[slot]);
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void gradus_temporary_install_handlers(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&installed, &expected, 1)) return;
  const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    struct sigaction current;
    if (sigaction(signals[i], NULL, &current) != 0) continue;
    if (current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO)) continue;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_temporaries_and_reraise;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(signals[i], &action, NULL);
  }
}
