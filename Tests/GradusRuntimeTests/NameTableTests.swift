import Testing

@testable import GradusRuntime

/// The table behind every scope and model: names keep their first order, and look-ups agree
/// before and after the table grows its index.
@Suite("Name tables")
struct NameTableTests {
  @Test func namesKeepTheirOrderAndValuesAcrossTheIndexThreshold() {
    var table = NameTable()
    let names = (0..<100).map { "name_\($0)" }
    for (i, name) in names.enumerated() {
      let isNew = table.set(name, .int(i))
      #expect(isNew)
      // Every name set so far is found at its position, whether the table scans or indexes.
      #expect(table.position(of: NameKey(names[i / 2])) == i / 2)
    }
    #expect(table.names == names)
    let isNewAgain = table.set("name_7", .int(-7))
    #expect(!isNewAgain)
    #expect(table.count == 100)
    if case .int(let n)? = table["name_7"] { #expect(n == -7) } else { Issue.record("name_7") }
    #expect(table["name_100"] == nil)
  }

  @Test func removeAllForgetsEveryName() {
    var table = NameTable()
    for i in 0..<20 { table.set("v\(i)", .int(i)) }
    table.removeAll()
    #expect(table.count == 0)
    #expect(table["v3"] == nil)
    table.set("v3", .int(3))
    #expect(table.position(of: NameKey("v3")) == 0)
  }
}
