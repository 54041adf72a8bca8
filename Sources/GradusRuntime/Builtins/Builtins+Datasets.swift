import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  static let datasets: [Builtin] = [
    Builtin(
      "shape_images", "shape_images(n, size: 8, noise: 0.1, seed: none)",
      "n small grayscale images [n, 1, size, size] of squares (0), plus signs (1) and crosses (2), with labels [n]",
      example: "(images, labels) = shape_images(30, seed: 0)"
    ) { args in
      try args.expect(1, names: ["size", "noise", "seed"], signature: "shape_images(30, size: 8)")
      let interpreter = args.interpreter
      let n = try args.int(0, "n")
      let size = try args.int(nil, "size", default: 8)
      let noise = try args.double(nil, "noise", default: 0.1)
      guard n >= 0, (5...64).contains(size) else {
        throw interpreter.error(
          .invalidValue, "n must not be negative and size must be between 5 and 64", at: args.span)
      }
      let pixelCount = try args.engine {
        try SizeArithmetic.product([n, size, size], op: "shape_images", what: "the pixel count")
      }
      let temporary = try interpreter.temporary(pixelCount, of: Double.self, at: args.span)
      defer { withExtendedLifetime(temporary) {} }
      let (pixels, labels) = try interpreter.withGenerator(args) { g in
        ShapeImages.make(count: n, size: size, noise: noise, using: &g)
      }
      let images = try args.engine { try NDArray(pixels, shape: Shape([n, 1, size, size])) }
      let classes = try args.engine { try NDArray(labels, shape: Shape([n])) }
      return .list(ListBox([.tensor(Tensor(images)), .tensor(Tensor(classes))]))
    }
  ]
}

/// Generated pictures for the convolution and augmentation lessons: each image holds one shape
/// of random size and position, drawn at brightness 1 on 0, plus Gaussian noise, clipped to [0, 1].
enum ShapeImages {
  static let classNames = ["square", "plus", "cross"]

  static func make(count: Int, size: Int, noise: Double, using g: inout RandomGenerator) -> (
    [Double], [Double]
  ) {
    var pixels = [Double]()
    var labels = [Double]()
    pixels.reserveCapacity(count * size * size)
    for _ in 0..<count {
      let label = g.integer(in: 0..<3)
      let extent = g.integer(in: 3..<(max(4, size - 1)))
      let top = g.integer(in: 0..<(size - extent + 1))
      let left = g.integer(in: 0..<(size - extent + 1))
      var image = [Double](repeating: 0, count: size * size)
      for r in 0..<extent {
        for c in 0..<extent {
          let on: Bool
          switch label {
          case 0: on = r == 0 || c == 0 || r == extent - 1 || c == extent - 1
          case 1: on = r == extent / 2 || c == extent / 2
          default: on = r == c || r + c == extent - 1
          }
          if on { image[(top + r) * size + left + c] = 1 }
        }
      }
      for i in image.indices {
        image[i] = min(1, max(0, image[i] + noise * g.normal()))
      }
      pixels += image
      labels.append(Double(label))
    }
    return (pixels, labels)
  }
}
