import GradusAutograd
import GradusTensor

/// The fixed cost of one operation, on tensors so small (16 float32 elements) that the
/// arithmetic is negligible: with the graph recorded, without it, and on bare NDArrays, so
/// that the differences show what recording and the Tensor wrapper each cost.
struct OverheadBenchmark {
  var sampler: Sampler

  struct Result {
    var recorded: Double
    var unrecorded: Double
    var array: Double
  }

  func run() throws -> Result {
    var rng = RandomGenerator(seed: 1)
    let a = Tensor(try NDArray.randn([16], using: &rng), requiresGrad: true)
    let b = Tensor(try NDArray.randn([16], using: &rng), requiresGrad: true)
    // Constants (no gradient wanted) take the same path as anything under `withNoGrad`.
    let (constantA, constantB) = (Tensor(a.data), Tensor(b.data))
    let (x, y) = (a.data, b.data)
    let times = try sampler.interleaved([
      { consume(try a + b) }, { consume(try constantA + constantB) },
      { consume(try x.zip(y, .add)) },
    ])
    return Result(recorded: times[0], unrecorded: times[1], array: times[2])
  }

  static func figures(_ result: Result) -> [Figure] {
    [
      Figure(
        section: "overhead", name: "Tensor add, graph recorded", value: result.recorded,
        unit: "ns/op"),
      Figure(
        section: "overhead", name: "Tensor add, no graph", value: result.unrecorded, unit: "ns/op"),
      Figure(section: "overhead", name: "NDArray add", value: result.array, unit: "ns/op"),
    ]
  }

  static func print(_ result: Result) {
    Swift.print("Per-operation overhead (add of two 16-element float32 tensors)")
    Swift.print("  Tensor, graph recorded  \(pad(format(result.recorded), 8)) ns/op")
    Swift.print("  Tensor, no graph        \(pad(format(result.unrecorded), 8)) ns/op")
    Swift.print("  NDArray                 \(pad(format(result.array), 8)) ns/op")
    Swift.print(
      "  split: NDArray \(format(result.array)) + Tensor wrapper \(format(result.unrecorded - result.array))"
        + " + recording \(format(result.recorded - result.unrecorded)) ns")
  }
}
