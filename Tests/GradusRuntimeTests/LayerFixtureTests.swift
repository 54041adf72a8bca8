import Testing

// The prelude's layers and losses, with the weights PyTorch used, give PyTorch's outputs and
// the gradients of each loss (usually sum(out * R)) for the inputs and every parameter.
// Fixture: Fixtures/layers.json, from scripts/make_layer_fixtures.py.

/// Runs `out = net(x)` and `backward(sum(out * R))`.
private let layerBody = "out = net(x)\nbackward(sum(out * R))"

@Suite struct LayerFixtureTests {
  @Test func linear() throws {
    try FixtureSession().check("linear", build: "net = Linear(3, 2)", body: layerBody)
  }

  @Test func layerNorm() throws {
    try FixtureSession().check("layer_norm", build: "net = LayerNorm(5)", body: layerBody)
  }

  @Test func multiHeadAttention() throws {
    try FixtureSession().check(
      "attention", build: "net = MultiHeadAttention(4, 2)", body: layerBody)
  }

  @Test func multiHeadAttentionCausal() throws {
    try FixtureSession().check(
      "attention_causal", build: "net = MultiHeadAttention(4, 2)",
      body: "out = net(x, tril(3))\nbackward(sum(out * R))")
  }

  @Test func transformerBlockCausal() throws {
    try FixtureSession().check(
      "transformer_block", build: "net = TransformerBlock(4, 2, 8)", body: layerBody)
  }

  @Test func transformerBlockWithoutMask() throws {
    try FixtureSession().check(
      "transformer_block_full", build: "net = TransformerBlock(4, 2, 8, causal: false)",
      body: layerBody)
  }

  /// A parameter passed through `Sequential` stays an input: a layer that returns it unchanged
  /// (dropout in eval mode) must not make the next layer's output overwrite it.
  @Test func sequentialKeepsAParameterInput() throws {
    let body = """
      seq = Sequential([Dropout(0.5), net])
      seq.eval()
      out = seq(x)
      backward(sum(out * R))
      """
    try FixtureSession().check("linear", build: "net = Linear(3, 2)", body: body)
  }

  @Test func embedding() throws {
    try FixtureSession().check(
      "embedding", build: "net = Embedding(5, 3)",
      body: "out = net(indices)\nbackward(sum(out * R))")
  }

  @Test func convolutionAndPooling() throws {
    let build = """
      model ConvPool() {
        conv = Conv2d(2, 3, 3, padding: 1)
        pool = MaxPool2d(2)
        forward(x) = pool(conv(x))
      }
      net = ConvPool()
      """
    try FixtureSession().check("conv_pool", build: build, body: layerBody)
  }

  @Test func stridedConvolutionAndOverlappingPools() throws {
    let build = """
      model ConvPool() {
        conv = Conv2d(2, 4, 2, stride: 2)
        pool = MaxPool2d(3, stride: 2)
        forward(x) = pool(conv(x))
      }
      net = ConvPool()
      """
    try FixtureSession().check("conv_stride_overlap", build: build, body: layerBody)
  }

  @Test func rnn() throws {
    try FixtureSession().check("rnn", build: "net = RNN(3, 4)", body: layerBody)
  }

  @Test func lstmCell() throws {
    let body = """
      hc = net(x, h0, c0)
      h = hc[0]
      c = hc[1]
      backward(sum(h * R) + sum(c * S))
      """
    try FixtureSession().check("lstm_cell", build: "net = LSTMCell(3, 4)", body: body)
  }

  @Test func positionalEncoding() throws {
    try FixtureSession().check(
      "positional_encoding", build: "net = PositionalEncoding(8, 4)", body: layerBody)
    try FixtureSession().check(
      "positional_encoding_d6", build: "net = PositionalEncoding(5, 6)", body: layerBody)
  }

  /// Lesson 12's numbers. float32 holds cos(0.01) = 0.99995000004 as 0.99994999, so the table
  /// prints 0.9999 there, as PyTorch's float32 table does.
  @Test func positionalEncodingLessonRow() throws {
    let session = try FixtureSession()
    try session.run("row = PositionalEncoding(8, 4).table[1]\n")
    let row = try session.array("row").data
    #expect(row.count == 4)
    for (got, want) in zip(row, [0.8415, 0.5403, 0.0100, 1.0000]) {
      #expect(Swift.abs(got - want) < 1e-4, "\(row)")
    }
  }

  @Test func crossEntropyOverBatchAndTime() throws {
    try FixtureSession().check(
      "cross_entropy_btc", build: "",
      body: "loss = cross_entropy(logits, classes)\nbackward(loss)")
  }

  @Test func embeddingLinearCrossEntropy() throws {
    let body = """
      logits = head(emb(tokens))
      loss = cross_entropy(logits, targets)
      backward(loss)
      """
    try FixtureSession().check(
      "language_model", build: "emb = Embedding(6, 4)\nhead = Linear(4, 6)", body: body)
  }

  @Test func smallLosses() throws {
    let body = """
      mse_half = mse_half(p, y)
      bce = bce(prob, label)
      hinge = hinge(score, sign)
      backward(mse_half + bce + hinge)
      """
    try FixtureSession().check("small_losses", build: "", body: body)
  }

  @Test func clipGradNorm() throws {
    let body = "backward(sum(net(x) * R))\ntotal = clip_grad_norm(net, 0.5)"
    try FixtureSession().check("clip_grad_norm", build: "net = Linear(3, 2)", body: body)
  }

  @Test func clipGradNormBelowLimit() throws {
    let body = "backward(sum(net(x) * R))\ntotal = clip_grad_norm(net, 100.0)"
    try FixtureSession().check("clip_grad_norm_unclipped", build: "net = Linear(3, 2)", body: body)
  }

  @Test func clipGradValue() throws {
    let body = "backward(sum(net(x) * R))\nclip_grad_value(net, 0.3)"
    try FixtureSession().check("clip_grad_value", build: "net = Linear(3, 2)", body: body)
  }
}
