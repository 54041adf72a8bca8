/// An item of a row with the columns of space before it, decided once for both terminal
/// renderers: `a + b` and `f(x), g` come out spaced alike inline and in display.
struct SpacedItem {
  var node: MathNode
  var gapBefore: Int
  /// A top-level relation, operator or comma outside any bracket: the display layout may wrap
  /// the line after it.
  var breakAfter: Bool
}

enum MathSpacing {
  /// The items of a row with their gaps. Explicit spaces (`\,`, `\qquad`) replace the automatic
  /// gap where they stand; in scripts there are no spaces at all.
  static func spaced(_ nodes: [MathNode], inScript: Bool) -> [SpacedItem] {
    let items = nodes.filter { if case .space = $0 { return false } else { return true } }
    let classes = spacingClasses(items)
    var result: [SpacedItem] = []
    var explicit: Int?
    var bracketDepth = 0
    for node in nodes {
      if case .space(let space) = node {
        explicit = (explicit ?? 0) + space.columns
        continue
      }
      let index = result.count
      let gap: Int
      if inScript {
        gap = 0
      } else if let explicit {
        gap = explicit
      } else if index == 0 {
        gap = 0
      } else {
        gap = columns(between: classes[index - 1].right, and: classes[index].left)
      }
      explicit = nil
      if classes[index].left == .opening { bracketDepth += 1 }
      if classes[index].right == .closing { bracketDepth -= 1 }
      let breaks = [.relation, .binary, .punctuation].contains(classes[index].right)
      result.append(SpacedItem(node: node, gapBefore: gap, breakAfter: breaks && bracketDepth <= 0))
    }
    if let explicit, !inScript {
      // Trailing spaces: kept as an empty item so the width the author asked for is not lost.
      result.append(SpacedItem(node: .group([]), gapBefore: explicit, breakAfter: false))
    }
    return result
  }

  /// The classes of the items, with a binary operator turned ordinary where it has no left
  /// operand (`−1`, `[+ …`) or no right one, as TeX does.
  private static func spacingClasses(_ items: [MathNode]) -> [EdgeSpacing] {
    var classes = items.map(\.spacing)
    for index in classes.indices where classes[index].left == .binary {
      let before = index > 0 ? classes[index - 1].right : nil
      let after = index + 1 < classes.count ? classes[index + 1].left : nil
      let noLeftOperand =
        before.map {
          [.binary, .relation, .opening, .punctuation, .largeOperator, .function].contains($0)
        } ?? true
      let noRightOperand = after.map { [.relation, .closing, .punctuation].contains($0) } ?? true
      if noLeftOperand || noRightOperand { classes[index] = (.ordinary, .ordinary) }
    }
    return classes
  }

  /// TeX's inter-atom spacing in whole columns: thin spaces vanish, medium and thick become one.
  private static func columns(between left: SpacingClass, and right: SpacingClass) -> Int {
    switch (left, right) {
    case (.binary, _), (_, .binary): return 1
    case (.relation, .relation), (.opening, .relation), (.relation, .closing): return 0
    case (.relation, _), (_, .relation): return 1
    case (.punctuation, _): return 1
    case (.opening, .largeOperator), (.largeOperator, .closing): return 0
    case (.largeOperator, _), (_, .largeOperator): return 1
    case (.function, .opening): return 0
    case (.function, _): return 1
    case (.ordinary, .function), (.closing, .function): return 1
    default: return 0
    }
  }
}
