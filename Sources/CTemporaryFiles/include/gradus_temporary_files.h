#ifndef GRADUS_TEMPORARY_FILES_H
#define GRADUS_TEMPORARY_FILES_H

// Temporary files that a signal must not leave behind (see AtomicFile in GradusRuntime).
//
// A signal handler may call only async-signal-safe functions, so the paths live in a table of
// fixed, preallocated C strings: registering copies a path in, the handler only reads the table,
// calls unlink(2) on each registered path, and then lets the signal take its default course.

/// Copies `path` into a free slot; returns the slot, or -1 when the table is full or the path
/// too long (the file is then simply not cleaned up by a signal).
int gradus_temporary_register(const char *path);

/// Frees a slot from gradus_temporary_register (a slot of -1 is ignored).
void gradus_temporary_unregister(int slot);

/// Installs the cleaning handler for SIGINT, SIGTERM and SIGHUP, each only if the signal still
/// has its default action (the REPL's own SIGINT handler, which only raises a flag, is kept).
/// Safe to call more than once, from any thread.
void gradus_temporary_install_handlers(void);

#endif
