import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  /// A loss of a prediction and a target; the loss itself checks that their shapes match.
  private static func loss(
    _ name: String, _ signature: String, _ summary: String, example: String,
    _ f: @escaping @Sendable (Tensor, Tensor) throws -> Tensor
  ) -> Builtin {
    Builtin(name, signature, summary, example: example) { args in
      try args.expect(2, signature: signature)
      let prediction = try args.tensor(0, "prediction")
      let target = try args.tensor(1, "target")
      return .tensor(try args.engine { try f(prediction, target) })
    }
  }

  static let neural: [Builtin] = [
    Builtin(
      "softmax", "softmax(x, axis: -1)", "exp(x) / sum(exp(x)) along an axis",
      example: "softmax([2.0, 1.0, 0.1])"
    ) { args in
      try args.expect(1, names: ["axis"], signature: "softmax(x, axis: -1)")
      let x = try args.tensor(0)
      let axis = try args.int(nil, "axis", default: -1)
      return .tensor(try args.engine { try x.softmax(axis: axis) })
    },
    Builtin(
      "log_softmax", "log_softmax(x, axis: -1)", "log(softmax(x)) computed stably",
      example: "log_softmax([2.0, 1.0, 0.1])"
    ) { args in
      try args.expect(1, names: ["axis"], signature: "log_softmax(x, axis: -1)")
      let x = try args.tensor(0)
      let axis = try args.int(nil, "axis", default: -1)
      return .tensor(try args.engine { try x.logSoftmax(axis: axis) })
    },
    Builtin(
      "cross_entropy", "cross_entropy(logits, classes)",
      "mean −log softmax(logits)[class], from logits and class indices",
      example: "cross_entropy([[2.0, 1.0, 0.1]], [0])"
    ) { args in
      try args.expect(2, signature: "cross_entropy(logits, classes)")
      let logits = try args.tensor(0, "logits")
      let classes = try args.tensor(1, "classes")
      if logits.data.rank == 3 {
        // [B, T, C] logits with [B, T] targets, as in language models.
        let c = logits.shape[2]
        return .tensor(
          try args.engine {
            try logits.reshaped([-1, c]).crossEntropy(classes: classes.data.reshaped([-1]))
          })
      }
      return .tensor(try args.engine { try logits.crossEntropy(classes: classes.data) })
    },
    loss(
      "mse", "mse(prediction, target)", "mean squared error, mean((p − y)²)",
      example: "mse([0.8, -0.5], [1, -1])"
    ) { try $0.mse($1) },
    loss(
      "bce", "bce(p, y)",
      "binary cross-entropy of probabilities p against 0/1 labels y, each log ≥ −100",
      example: "bce([0.9, 0.2], [1, 0])"
    ) { try $0.binaryCrossEntropy($1) },
    loss(
      "bce_with_logits", "bce_with_logits(z, y)",
      "bce(sigmoid(z), y) from scores z, stable at any z: mean(softplus(z) − y·z)",
      example: "bce_with_logits([2.2, -1.4], [1, 0])"
    ) { try $0.binaryCrossEntropyWithLogits($1) },
    Builtin(
      "check_loss_shapes", "check_loss_shapes(prediction, target, loss)",
      "an error unless a loss's prediction and target have the same shape (or one is a number)",
      example: "check_loss_shapes([1, 2], [1, 0], \"hinge\")"
    ) { args in
      try args.expect(3, signature: "check_loss_shapes(prediction, target, loss)")
      let loss = try args.string(2, "loss")
      try args.engine {
        try Tensor.checkLossShapes(
          args.tensor(0, "prediction"), args.tensor(1, "target"), loss: loss)
      }
      return .none
    },
    Builtin(
      "layer_norm", "layer_norm(x, eps: 1e-5)", "normalise the last axis to mean 0, variance 1",
      example: "layer_norm([1.0, 2.0, 3.0])"
    ) { args in
      try args.expect(1, names: ["eps"], signature: "layer_norm(x, eps: 1e-5)")
      let eps = try args.double(nil, "eps", default: 1e-5)
      return .tensor(try args.engine { try args.tensor(0).layerNorm(epsilon: eps) })
    },
    Builtin(
      "dropout", "dropout(x, p, training: true, seed: none)",
      "zero elements with probability p, scale the rest by 1/(1−p)",
      example: "dropout(ones(4), 0.5, seed: 0)"
    ) { args in
      try args.expect(2, names: ["training", "seed"], signature: "dropout(x, 0.1)")
      let x = try args.tensor(0)
      let p = try args.double(1, "p")
      let training = try args.bool(nil, "training", default: true)
      return .tensor(
        try args.interpreter.withGenerator(args) { g in
          try args.engine { try x.dropout(p, training: training, using: &g) }
        })
    },
    Builtin(
      "conv2d", "conv2d(x, kernel, stride: 1, padding: 0)",
      "2-d convolution (cross-correlation); x [H, W] or [N, C, H, W], kernel [kh, kw] or [O, C, kh, kw]",
      example: "conv2d([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])"
    ) { args in
      try args.expect(
        2, names: ["stride", "padding"], signature: "conv2d(x, kernel, stride: 1, padding: 0)")
      var x = try args.tensor(0)
      var kernel = try args.tensor(1, "kernel")
      let stride = try args.int(nil, "stride", default: 1)
      let padding = try args.int(nil, "padding", default: 0)
      let plain = x.data.rank == 2 && kernel.data.rank == 2
      return .tensor(
        try args.engine {
          if plain {
            x = try x.reshaped([1, 1] + x.shape.sizes)
            kernel = try kernel.reshaped([1, 1] + kernel.shape.sizes)
          } else if x.data.rank == 3 {
            x = try x.reshaped([1] + x.shape.sizes)
          }
          let out = try x.conv2d(kernel, stride: stride, padding: padding)
          return plain ? try out.reshaped(Array(out.shape.sizes.suffix(2))) : out
        })
    },
    Builtin(
      "max_pool2d", "max_pool2d(x, size, stride: size)",
      "the maximum of each size×size window; x [H, W] or [N, C, H, W]",
      example: "max_pool2d([[1, 2], [3, 4]], 2)"
    ) { args in
      try args.expect(2, names: ["stride", "padding"], signature: "max_pool2d(x, 2)")
      var x = try args.tensor(0)
      let size = try args.int(1, "size")
      let stride = try args.optionalInt(nil, "stride")
      let padding = try args.int(nil, "padding", default: 0)
      let rank = x.data.rank
      return .tensor(
        try args.engine {
          if rank == 2 { x = try x.reshaped([1, 1] + x.shape.sizes) }
          if rank == 3 { x = try x.reshaped([1] + x.shape.sizes) }
          let out = try x.maxPool2d(kernel: size, stride: stride, padding: padding)
          if rank == 2 { return try out.reshaped(Array(out.shape.sizes.suffix(2))) }
          if rank == 3 { return try out.reshaped(Array(out.shape.sizes.suffix(3))) }
          return out
        })
    },
    Builtin(
      "embedding", "embedding(table, indices)",
      "rows of table picked by indices, each in 0..<rows (table[indices] also counts negative ones from the end)",
      example: "embedding(eye(3), [2, 0])"
    ) { args in
      try args.expect(2, signature: "embedding(table, indices)")
      let table = try args.tensor(0, "table")
      let indices = try args.tensor(1, "indices").data
      return .tensor(
        try args.engine {
          if table.data.rank > 0 {
            try indices.checkClassIndices(classes: table.shape[0], op: "embedding", of: "tokens")
          }
          return try table.indexSelect(indices)
        })
    },
    Builtin(
      "clip_by_norm", "clip_by_norm(g, max_norm)", "g scaled down so its norm is at most max_norm",
      example: "clip_by_norm([3.0, 4.0], 1.0)"
    ) { args in
      try args.expect(2, signature: "clip_by_norm(g, max_norm)")
      let g = try args.tensor(0, "g")
      let limit = try args.double(1, "max_norm")
      return .tensor(
        try args.engine {
          let norm = try g.norm().data
          try norm.requireValues("clip_by_norm")
          let n = norm.scalarValue
          return n > limit ? try g * g.constant(limit / n) : g
        })
    },
    Builtin(
      "clip_by_value", "clip_by_value(g, limit)", "each element of g limited to [−limit, limit]",
      example: "clip_by_value([3.0, -4.0, 0.5], 1.0)"
    ) { args in
      try args.expect(2, signature: "clip_by_value(g, limit)")
      let g = try args.tensor(0, "g")
      let limit = try args.double(1, "limit")
      return .tensor(
        try args.engine { try g.clamp(g.constant(-limit), g.constant(limit)) })
    },
  ]
}
