/// The element type of a tensor. Float32 is the default, as in PyTorch; float64 is used where
/// precision is the point (gradient checks).
public enum DType: String, Sendable, CaseIterable {
  case float32
  case float64

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .float32: return 4
    case .float64: return 8
    }
  }

  /// The wider of two dtypes: mixing float32 and float64 gives float64, as in PyTorch.
  public static func promoted(_ a: DType, _ b: DType) -> DType {
    a == .float64 || b == .float64 ? .float64 : .float32
  }
}
