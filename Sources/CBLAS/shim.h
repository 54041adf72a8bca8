// OpenBLAS's CBLAS interface plus the few OpenBLAS extras Gradus reports
// (which kernel was chosen at load time, thread count).
#include <cblas.h>
