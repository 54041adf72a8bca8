import Foundation
import Testing

@testable import GradusRuntime

/// Printing a list is bounded (QUALITY.md §1, "no input crashes it"): lists can share
/// sublists, so a value built in a few steps can have exponentially many paths to print, and
/// nesting can be as deep as a loop makes it.
@Suite("Limits: printing lists")
struct ListPrintingTests {
  /// `a = [a, a]` n times: n + 1 lists in memory, 2ⁿ copies of the innermost one when printed.
  static func doubling(_ times: Int) -> String {
    "a = [1, \"x\"]\nfor i in 0..<\(times) {\n  a = [a, a]\n}\n"
  }

  @Test func smallListsPrintInFull() {
    #expect(
      RuntimeHarness.output(Self.doubling(2) + "a")
        == #"[[[1, "x"], [1, "x"]], [[1, "x"], [1, "x"]]]"#)
    #expect(RuntimeHarness.output("l = []\nappend(l, [])\nappend(l, \"s\")\nl") == #"[[], "s"]"#)
  }

  /// Unbounded, 20 doublings print about 10 MB; 40 would never finish.
  @Test(arguments: [20, 40])
  func sharedSublistsPrintInBoundedSpace(times: Int) {
    let started = Date()
    let shown = RuntimeHarness.output(Self.doubling(times) + "a\nprint(str(a))")
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(shown.utf8.count < 20_000, "printed \(shown.utf8.count) bytes")
    #expect(shown.contains("…"))
  }

  /// The item budget is shared by the whole value, not given to each nested list, and a
  /// nested list is an item too (or `[[], []]` doubled would print 2ⁿ empty lists).
  @Test func theBudgetCountsNestedItems() {
    var format = ValueFormat()
    format.listItems = 5
    let inner = Value.list(ListBox([.int(1), .int(2), .int(3)]))
    #expect(format.display(.list(ListBox([inner, inner]))) == "[[1, 2, 3], […]]")
    let flat = Value.list(ListBox((0..<1_500).map { .int($0) }))
    let text = ValueFormat().display(flat)
    #expect(text.hasPrefix("[0, 1, 2, ") && text.hasSuffix(", 999, …]"))
  }

  /// Unbounded, 10,000 levels print 10⁸ characters (each level copies the text inside it).
  @Test func deepNestingPrintsQuickly() {
    let shown = RuntimeHarness.output(
      "a = [1]\nfor i in 0..<10000 {\n  a = [a]\n}\na")
    #expect(shown == String(repeating: "[", count: 33) + "…" + String(repeating: "]", count: 33))
  }

  /// Messages quote at most 8 items of a list.
  @Test func messagesQuoteAShortList() {
    let (diagnostic, _) = RuntimeHarness.diagnostic(
      Self.doubling(40) + "zeros(a)")
    #expect(
      diagnostic?.message
        == #"a size must be a whole number, got [[[[[[[[[…], …], …], …], …], …], …], …], …]"#)
  }
}
