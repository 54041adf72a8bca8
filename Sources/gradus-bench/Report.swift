#if canImport(Glibc)
  import Glibc
#endif

/// One measured figure, as printed and as written to JSON.
struct Figure {
  var section: String
  var name: String
  var value: Double
  var unit: String
  /// Extra fields for JSON (sizes, dtype, ratios).
  var details: [(String, JSONValue)] = []
}

/// A target the engine should meet, checked against the measured figures.
struct Target {
  var name: String
  var limit: String
  var measured: String
  var met: Bool

  var line: String { "\(met ? "✓" : "✗") \(name): \(measured) (target \(limit))" }
}

enum JSONValue {
  case number(Double)
  case string(String)
  case bool(Bool)

  var text: String {
    switch self {
    case .number(let value): return value.isFinite ? "\(value)" : "null"
    case .bool(let value): return value ? "true" : "false"
    case .string(let value): return quoted(value)
    }
  }

  private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case _ where scalar.value < 0x20: out += "\\u" + hex4(scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }
}

/// Everything one run measured, for `--json`.
struct Report {
  var header: [(String, JSONValue)]
  var figures: [Figure]
  var targets: [Target]

  var json: String {
    func object(_ fields: [(String, JSONValue)]) -> String {
      "{" + fields.map { "\(JSONValue.string($0.0).text): \($0.1.text)" }.joined(separator: ", ")
        + "}"
    }
    let figureLines = figures.map { figure in
      "    "
        + object(
          [
            ("section", .string(figure.section)), ("name", .string(figure.name)),
            ("value", .number(figure.value)), ("unit", .string(figure.unit)),
          ] + figure.details)
    }
    let targetLines = targets.map { target in
      "    "
        + object([
          ("name", .string(target.name)), ("target", .string(target.limit)),
          ("measured", .string(target.measured)), ("met", .bool(target.met)),
        ])
    }
    return """
      {
        "run": \(object(header)),
        "figures": [
      \(figureLines.joined(separator: ",\n"))
        ],
        "targets": [
      \(targetLines.joined(separator: ",\n"))
        ]
      }

      """
  }

  /// Writes the JSON to `path`; false when the file cannot be written.
  func write(to path: String) -> Bool {
    guard let file = fopen(path, "w") else { return false }
    defer { fclose(file) }
    return fputs(json, file) >= 0
  }
}

/// `12.3`, `1234`: enough digits to compare runs, no more.
func format(_ value: Double) -> String {
  if value >= 100 { return String(Int(value.rounded())) }
  let tenths = (value * 10).rounded() / 10
  return value >= 10 ? "\(tenths)" : "\((value * 100).rounded() / 100)"
}

/// Pads `text` on the left to `width` characters (right-aligned numbers).
func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: Swift.max(0, width - text.count)) + text
}
