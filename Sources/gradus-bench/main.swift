import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

// Before anything else: the BLAS kernel is chosen at load time, so this may restart the process.
BLASKernel.relaunchIfNeeded()
exit(Bench.run(arguments: Array(CommandLine.arguments.dropFirst())))
