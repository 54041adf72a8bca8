import GradusAutograd

extension Value {
  /// Every trainable leaf inside this value with its path (`fc1.W`, `layers.0.b`), each once, in
  /// field order: parameters and, inside `analyze { }`, shape-only parameters. Models and lists
  /// are walked; a model or list reached twice is walked once.
  public var parameterLeaves: [(path: String, leaf: Value)] {
    var result = [(String, Value)]()
    var seen = Set<ObjectIdentifier>()
    func walk(_ value: Value, _ path: String) {
      switch value {
      case .tensor(let t) where t.isParameter:
        if seen.insert(ObjectIdentifier(t)).inserted { result.append((path, value)) }
      case .object(let o):
        guard seen.insert(ObjectIdentifier(o)).inserted else { return }
        for (name, field) in o.fields { walk(field, path.isEmpty ? name : path + "." + name) }
      case .list(let list):
        guard seen.insert(ObjectIdentifier(list)).inserted else { return }
        for (i, item) in list.items.enumerated() {
          walk(item, path.isEmpty ? "\(i)" : path + ".\(i)")
        }
      default:
        break
      }
    }
    walk(self, "")
    return result
  }

  /// The parameters (real tensors only) inside this value, with their paths.
  public var parameters: [(path: String, tensor: Tensor)] {
    parameterLeaves.compactMap { path, leaf in
      if case .tensor(let t) = leaf { return (path, t) }
      return nil
    }
  }
}
