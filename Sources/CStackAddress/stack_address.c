// See include/gradus_stack_address.h.
#include "gradus_stack_address.h"

// Not inlined, so the frame is this function's own: one frame below its caller, always on the
// real stack. The call costs a few nanoseconds, once per Gradus function call.
__attribute__((noinline)) void *gradus_stack_address(void) { return __builtin_frame_address(0); }
