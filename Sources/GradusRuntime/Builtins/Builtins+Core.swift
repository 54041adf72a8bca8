import GradusAutograd
import GradusLanguage
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Builtins {
  static let core: [Builtin] = [
    Builtin(
      "print", "print(values...)", "print values separated by spaces",
      example: "print(\"loss\", 0.25)"
    ) { args in
      let text = args.positional.map { value -> String in
        if case .string(let s) = value { return s.text }
        return args.interpreter.format.display(value)
      }.joined(separator: " ")
      args.interpreter.output.write(text + "\n")
      return .none
    },
    Builtin(
      "len", "len(x)", "number of items in a list, rows of a tensor, or characters",
      example: "len([1, 2, 3])"
    ) { args in
      try args.expect(1, signature: "len(x)")
      switch args.positional[0] {
      case .list(let list): return .int(list.items.count)
      case .string(let s): return .int(s.text.count)
      case .range(let r): return .int(r.count)
      case .tensor(let t) where t.data.rank >= 1: return .int(t.shape[0])
      case let other:
        throw args.interpreter.error(
          .typeMismatch, "\(other.kindWithArticle) has no length", at: args.span(of: 0))
      }
    },
    Builtin(
      "chars", "chars(text)",
      "the characters of a string, as a list of one-character strings (what a character tokenizer splits text into)",
      example: "chars(\"梯度 descent\")"
    ) { args in
      try args.expect(1, signature: "chars(text)")
      guard case .string(let text) = args.positional[0] else {
        throw args.interpreter.error(
          .typeMismatch, "`chars` splits a string, got \(args.positional[0].kindWithArticle)",
          at: args.span(of: 0))
      }
      // The list's bytes are held while its strings are made, each taking its own.
      let list = try args.interpreter.temporary(text.text.count, of: Value.self, at: args.span)
      let characters = try text.text.map { try Value.string(String($0)) }
      return withExtendedLifetime(list) { .list(ListBox(characters)) }
    },
    Builtin(
      "append", "append(list, value)", "add a value to the end of a list",
      example: "losses = []\nappend(losses, 0.5)"
    ) { args in
      try args.expect(2, signature: "append(list, value)")
      guard case .list(let list) = args.positional[0] else {
        throw args.interpreter.error(
          .typeMismatch, "`append` adds to a list, got \(args.positional[0].kindWithArticle)",
          at: args.span(of: 0),
          help: "make a list first: `losses = []`")
      }
      guard !list.isReachable(from: args.positional[1]) else {
        throw args.interpreter.error(
          .invalidValue, "a list cannot contain itself", at: args.span(of: 1),
          help: "append a copy of its items instead: `append(l, l[:])`")
      }
      try args.interpreter.reserve(1, of: Value.self, at: args.span)
      list.items.append(args.positional[1])
      return .none
    },
    Builtin(
      "clock", "clock(cpu: false)",
      "monotonic seconds, for timing experiments; cpu: true counts only the CPU time the program itself used, steadier when the machine is busy",
      example: "t0 = clock()"
    ) { args in
      try args.expect(0, names: ["cpu"], signature: "clock(cpu: false)")
      let cpu = try args.bool(nil, "cpu", default: false)
      var now = timespec()
      // The evaluator runs on one thread of its own, so that thread's CPU clock is the program's.
      clock_gettime(cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &now)
      return .float(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
    },
    Builtin(
      "seed", "seed(n)", "restart the session's random numbers from seed n", example: "seed(42)"
    ) { args in
      try args.expect(1, signature: "seed(n)")
      let n = try args.int(0, "n")
      args.interpreter.reseed(UInt64(bitPattern: Int64(n)))
      return .none
    },
    Builtin("str", "str(x)", "a value as text", example: "\"loss: \" + str(0.5)") { args in
      try args.expect(1, signature: "str(x)")
      if case .string = args.positional[0] { return args.positional[0] }
      return try .string(args.interpreter.format.display(args.positional[0]))
    },
    Builtin(
      "float", "float(x)", "a one-element tensor or number as a plain number",
      example: "float(sum([1, 2]))"
    ) { args in
      try args.expect(1, signature: "float(x)")
      return .float(
        try args.interpreter.number(args.positional[0], at: args.span(of: 0), what: "the argument"))
    },
    Builtin("int", "int(x)", "a number rounded toward zero", example: "int(3.7)") { args in
      try args.expect(1, signature: "int(x)")
      let x = try args.interpreter.number(
        args.positional[0], at: args.span(of: 0), what: "the argument")
      guard x.isFinite, Swift.abs(x) < 9e18 else {
        throw args.interpreter.error(
          .invalidValue, "\(x) does not fit in a whole number", at: args.span(of: 0))
      }
      return .int(Int(x))
    },
    Builtin(
      "round", "round(x, digits: 0)", "a number rounded to some decimals (halves to even)",
      example: "round(3.14159, digits: 2)"
    ) { args in
      try args.expect(1, names: ["digits"], signature: "round(x, digits: 0)")
      let x = try args.interpreter.number(
        args.positional[0], at: args.span(of: 0), what: "the argument")
      let digits = try args.int(nil, "digits", default: 0)
      let scale = numericPower(10, Double(digits))
      // Halves go to the even neighbour (round(2.5) = 2), as in PyTorch, NumPy and Python.
      return .float((x * scale).rounded(.toNearestOrEven) / scale)
    },
    Builtin(
      "list", "list(x)", "a list of the items of a range, list or tensor rows",
      example: "list(0..<3)"
    ) { args in
      try args.expect(1, signature: "list(x)")
      let interpreter = args.interpreter
      let value = args.positional[0]
      let n = try interpreter.iterationCount(value, at: args.span(of: 0))
      try interpreter.reserve(n, of: Value.self, at: args.span)
      return .list(
        ListBox(try (0..<n).map { try interpreter.element(of: value, at: $0, span: args.span) }))
    },
    Builtin(
      "set_print", "set_print(decimals: 4)", "how many decimals values print with",
      example: "set_print(decimals: 6)"
    ) { args in
      try args.expect(0, names: ["decimals"], signature: "set_print(decimals: 4)")
      let digits = try args.int(nil, "decimals", default: 4)
      guard (0...12).contains(digits) else {
        throw args.interpreter.error(
          .invalidValue, "decimals must be between 0 and 12", at: args.span)
      }
      args.interpreter.format.decimals = digits
      return .none
    },
    Builtin(
      "assert", "assert(condition, message)", "stop with an error unless the condition holds",
      example: "assert(1 < 2, \"math works\")"
    ) { args in
      try args.expect(1, 2, signature: "assert(condition, message)")
      if try !args.interpreter.truth(args.positional[0], at: args.span(of: 0)) {
        var message = "assertion failed"
        if args.count > 1, case .string(let s) = args.positional[1] { message += ": " + s.text }
        throw args.interpreter.error(.invalidValue, message, at: args.span)
      }
      return .none
    },
  ]
}
