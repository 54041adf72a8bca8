#ifndef GRADUS_STACK_ADDRESS_H
#define GRADUS_STACK_ADDRESS_H

// The address of the caller's frame on the thread's real stack (see LargeStack.here in
// GradusRuntime).
//
// Swift can only name an address by taking a local variable's, and a local whose address is
// taken is not always on the stack: under AddressSanitizer it lives in a "fake stack" frame on
// the heap (to catch use after return), so comparing it with the stack's bounds means nothing.
// The frame address is what the processor's stack pointer reached, sanitizer or not.
void *gradus_stack_address(void);

#endif
