import Testing

@testable import GradusPictures

struct TicksTests {
  @Test(arguments: [
    (0.125, 2, "0.13"), (-0.004, 2, "0.00"), (-1.5, 1, "-1.5"), (1234.5, 0, "1235"),
    (0, 3, "0.000"),
    (.nan, 2, "nan"), (-.infinity, 2, "-inf"), (1e20, 2, "1e20"),
  ])
  func fixed(value: Double, decimals: Int, expected: String) {
    #expect(NumberText.fixed(value, decimals) == expected)
  }

  @Test(arguments: [
    (0.0123456, "0.0123"), (12.5, "12.5"), (3.0, "3"), (1_234_567, "1.23e6"), (-0.00005, "-5e-5"),
    (0, "0"),
    (9.996, "10"), (2_500_000, "2.5e6"),
  ])
  func compact(value: Double, expected: String) {
    #expect(NumberText.compact(value) == expected)
  }

  @Test func linearTicksAreNiceAndCoverTheData() {
    let axis = Axis.linear(low: 0.07, high: 2.1, count: 5)
    #expect(axis.ticks.map(\.label) == ["0", "0.5", "1.0", "1.5", "2.0", "2.5"])
    #expect(axis.low == 0 && axis.high == 2.5)
    let one = Axis.linear(low: 3, high: 3, count: 4)
    #expect(one.low < 3 && one.high > 3)
  }

  @Test func logTicksUseDecadesOrOneTwoFive() {
    let wide = Axis.logarithmic(low: -3.2, high: 1.5, count: 6)
    #expect(wide.ticks.map(\.label) == ["1e-4", "0.001", "0.01", "0.1", "1", "10", "100"])
    let narrow = Axis.logarithmic(low: -1.15, high: 0.36, count: 6)
    #expect(narrow.ticks.map(\.label) == ["0.05", "0.1", "0.2", "0.5", "1", "2", "5"])
    let tiny = Axis.logarithmic(low: -9, high: -7, count: 6)
    #expect(tiny.ticks.first?.label == "1e-9")
  }

  @Test func coloursMapToTheNearestXtermColour() {
    #expect(RGB(gray: 0).ansi256 == 16)
    #expect(RGB(gray: 1).ansi256 == 231)
    #expect(RGB(red: 1, green: 0, blue: 0).ansi256 == 196)
    #expect(RGB(gray: 0.5).ansi256 == 244)
    #expect(RGB(hex: 0x1f77b4).hex == "#1f77b4")
  }

  @Test func divergingScalesCentreOnZero() {
    let scale = ColourScale(low: -0.5, high: 2)
    #expect(scale.diverging)
    #expect(scale.position(0) == 0.5)
    #expect(!ColourScale(low: 0, high: 1).diverging)
  }
}
