// Settings for jemalloc, the gradus executables' malloc. A program linked with jemalloc
// defines `malloc_conf` to set its options (the MALLOC_CONF environment variable, read later,
// can still override them).
#ifndef JEMALLOC_SETTINGS_H
#define JEMALLOC_SETTINGS_H

extern const char *malloc_conf;

#endif
