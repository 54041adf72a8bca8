#if canImport(Glibc)
  import Glibc
#endif

/// `x^y` for plain numbers.
func numericPower(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }

/// log₁₀ for plain numbers.
func numericLog10(_ x: Double) -> Double { Glibc.log10(x) }
