/// What `:help` adds to the prelude's own `#'` comments: a runnable example for every prelude
/// name (a test runs each one), and a line for the few definitions without a comment.
enum PreludeHelp {
  static let examples: [String: String] = [
    "pi": "cos(pi)",
    "Linear": "layer = Linear(3, 2)\nlayer(ones(4, 3))",
    "Embedding": "embed = Embedding(10, 4)\nembed(tensor([1, 2, 3])).shape",
    "LayerNorm": "norm = LayerNorm(4)\nnorm(randn(2, 4))",
    "Dropout": "drop = Dropout(0.5)\ndrop(ones(2, 4))",
    "Conv2d": "conv = Conv2d(1, 2, 3)\nconv(randn(1, 1, 5, 5)).shape",
    "MaxPool2d": "pool = MaxPool2d(2)\npool(randn(1, 1, 4, 4)).shape",
    "ReLU": "act = ReLU()\nact(tensor([-1.0, 2.0]))",
    "Tanh": "act = Tanh()\nact(tensor([-1.0, 2.0]))",
    "Sigmoid": "act = Sigmoid()\nact(tensor([-1.0, 2.0]))",
    "GELU": "act = GELU()\nact(tensor([-1.0, 2.0]))",
    "Sequential": "net = Sequential([Linear(2, 4), ReLU(), Linear(4, 1)])\nnet(randn(3, 2)).shape",
    "RNN": "rnn = RNN(3, 5)\nrnn(randn(2, 4, 3)).shape",
    "LSTMCell":
      "cell = LSTMCell(3, 4)\n(h, c) = cell(randn(2, 3), zeros(2, 4), zeros(2, 4))\nh.shape",
    "MultiHeadAttention": "attention = MultiHeadAttention(8, 2)\nattention(randn(1, 5, 8)).shape",
    "PositionalEncoding": "encode = PositionalEncoding(16, 8)\nencode(zeros(1, 5, 8)).shape",
    "TransformerBlock": "block = TransformerBlock(8, 2, 32)\nblock(randn(1, 5, 8)).shape",
    "mse_half": "mse_half(tensor([1.0, 2.0]), tensor([1.5, 2.5]))",
    "hinge": "hinge(tensor([0.5, -2.0]), tensor([1.0, -1.0]))",
    "SGD":
      "net = Linear(2, 1)\nopt = SGD(net, lr: 0.1)\nloss = mean(net(ones(4, 2)) ^ 2)\nbackward(loss)\nopt.step()",
    "Adam":
      "net = Linear(2, 1)\nopt = Adam(net, lr: 0.01)\nloss = mean(net(ones(4, 2)) ^ 2)\nbackward(loss)\nopt.step()",
    "AdamW": "opt = AdamW(Linear(2, 1), lr: 0.01)",
    "exp_decay": "exp_decay(0.1, 0.9, 10)",
    "step_decay": "step_decay(0.1, 0.5, 100, 250)",
    "warmup_cosine": "warmup_cosine(0.001, 100, 1000, 50)",
    "clip_grad_norm":
      "net = Linear(2, 1)\nbackward(sum(net(ones(3, 2))))\nclip_grad_norm(net, 1.0)",
    "clip_grad_value":
      "net = Linear(2, 1)\nbackward(sum(net(ones(3, 2))))\nclip_grad_value(net, 0.5)",
    "linear_data": "(x, y) = linear_data(100, [2.0, -1.0], 0.5)\nx.shape",
    "two_moons": "(x, y) = two_moons(200)\nx.shape",
    "spirals": "(x, y) = spirals(50)\nx.shape",
    "copy_task": "(x, y) = copy_task(4, 6, 10)\nx",
    "reverse_task": "(x, y) = reverse_task(4, 6, 10)\ny",
  ]

  /// For prelude definitions that have no `#'` comment.
  static let summaries: [String: String] = [
    "pi": "π = 3.14159…, the ratio of a circle's circumference to its diameter",
    "ReLU": "`ReLU()`: relu(x) = max(x, 0) as a layer, for `Sequential`",
    "Tanh": "`Tanh()`: tanh(x) as a layer, for `Sequential`",
    "Sigmoid": "`Sigmoid()`: sigmoid(x) = 1 / (1 + e^−x) as a layer, for `Sequential`",
    "GELU": "`GELU()`: gelu(x) as a layer, for `Sequential`",
  ]
}

/// `:help for`, `:help trace`, …: the statements and blocks of the language.
enum LanguageHelp {
  struct Topic {
    let name: String
    let syntax: String
    let summary: String
    let example: String
    /// Lines after the summary, for topics that need more than one.
    var details: [String] = []
    var kind = "language"
  }

  static let topics: [Topic] = [
    Topic(
      name: "for", syntax: "for NAME in ITEMS { … }",
      summary: "repeat for each item of a range (0..<n, 1...n), a list or a tensor's rows",
      example: "for i in 0..<3 { print(i) }"),
    Topic(
      name: "while", syntax: "while CONDITION { … }", summary: "repeat while the condition holds",
      example: "i = 0\nwhile i < 3 { i += 1 }\ni"),
    Topic(
      name: "if", syntax: "if CONDITION { … } else if CONDITION { … } else { … }",
      summary: "run the first block whose condition holds",
      example: "x = 3\nif x > 2 { print(\"big\") } else { print(\"small\") }"),
    Topic(
      name: "fn",
      syntax: "fn NAME(PARAMETERS) = EXPRESSION   or   fn NAME(PARAMETERS) { … return … }",
      summary: "define a function; parameters may have defaults (lr = 0.01)",
      example: "fn square(x) = x * x\nsquare(3)"),
    Topic(
      name: "model", syntax: "model NAME(PARAMETERS) { FIELDS; forward(x) = … }",
      summary:
        "describe a model: its fields are built when it is called, `forward` runs when it is applied",
      example:
        "model Net(n) {\n  fc = Linear(n, 1)\n  forward(x) = fc(x)\n}\nnet = Net(3)\nnet(ones(2, 3))"
    ),
    Topic(
      name: "trace", syntax: "trace { … }",
      summary: "print every elementary operation inside, with its inputs and result",
      example: "trace { y = relu(tensor([-1.0, 2.0]) * 2) }"),
    Topic(
      name: "trace_steps", syntax: "trace_steps { … }",
      summary:
        "as `trace`, but a fused builtin (`sigmoid`, `softmax`, `mse`, `sgd_update`, …) runs its prelude definition, so each of its steps shows",
      example: "trace_steps { y = sigmoid(tensor([-1.0, 2.0])) }"),
    Topic(
      name: "no_grad", syntax: "no_grad { … }",
      summary: "run without recording the graph (parameter updates, evaluation)",
      example: "w = param(ones(2))\nno_grad { w -= 0.1 * w }"),
    Topic(
      name: "detect_anomaly", syntax: "detect_anomaly { … }",
      summary: "stop at the first operation that produces NaN or infinity, and name it",
      example: "detect_anomaly { y = log(tensor([1.0, 2.0])) }"),
    Topic(
      name: "analyze", syntax: "analyze { … }",
      summary: "run model code on shapes alone: sizes and parameter counts without allocating",
      example: "analyze { net = Linear(1000, 1000)\n  count_params(net) }",
      details: [
        "Inside the block every creator (`zeros`, `randn`, `param`, `arange`, …) checks its",
        "arguments as usual and makes a tensor that has a shape but no numbers. Everything else",
        "runs as outside: the same builtins, the same prelude models and optimizers, backward,",
        "with the same errors. At the end it prints the matrix-product FLOPs (2·m·n·k for",
        "[m, k] @ [k, n]), the elementwise operations and the largest tensor it met.",
        "What needs numbers is an error that says so: a tensor in `if` or `while`, a comparison",
        "of two single numbers, a tensor used as an index, `float(x)`, plots, `save`. Printing",
        "a shape-only tensor shows its shape and the memory it would take. The tensors stay",
        "shape-only after the block: `count_params(net)` and `y.shape` work on them.",
      ]),
    Topic(
      name: "limits", syntax: ":limits   :limits memory SIZE   :limits threads N",
      summary:
        "the memory limit: what the session's tensors, lists, strings and temporary arrays may take together (default 4G)",
      example: "x = zeros(1000, 1000)\nx.shape",
      details: [
        "Tensors, lists, strings, the files a program reads and temporary arrays take their",
        "bytes from one budget for the session before they are made, and give them back when",
        "they are freed. So `zeros(100000, 100000)`, or many tensors or strings that together",
        "pass the limit, is an error that names the size, not a crash. Assigning `none` to a",
        "name frees what only it held; `:limits` shows how much is in use.",
        "A tensor's sizes (a size of 0 counted as 1) may span at most limit / 4 elements.",
        "Set it with `:limits memory 8G` here, `gradus --memory-limit 8G` when starting,",
        "or the environment variable GRADUS_MEMORY_LIMIT=8G. Sizes: 512M, 2G, 1.5G, 1T.",
        "`analyze { }` describes models of any size without allocating them.",
        "Large products, maps and sums share their work over threads (default: every core);",
        "`:limits threads 1` keeps them on one. Results are the same bits at any count.",
        "Also `gradus --threads N` when starting, or GRADUS_THREADS=N.",
      ], kind: "limits"),
  ]
}
