import Testing

@testable import GradusMath

/// The display formulas of the lessons (nine in 09–14, ten in 01–06 that were indented lines
/// before they were written as TeX), rendered inline and in display at 80 and 40 columns. Where READER.md §3 shows a rendering, the golden
/// is that rendering.
struct LessonFormulaTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let lesson: String
    let tex: String
    let inline: String
    let display80: [String]
    /// Nil when the display at 40 columns is the same as at 80.
    let display40: [String]?
    var testDescription: String { lesson }
  }

  static let cases: [Case] = [
    Case(
      lesson: "09 convolution",
      tex: #"Y_{ij} = \sum_{a}\sum_{b} X_{i+a,\,j+b}\,K_{ab}"#,
      inline: "Yᵢⱼ = Σₐ Σ_b X_(i+a,j+b) K_ab",
      display80: [
        "Y   = Σ Σ X        K",
        " ij   a b  i+a,j+b  ab",
      ],
      display40: nil),
    Case(
      lesson: "10 recurrence",
      tex: #"h_t = \tanh(x_t W_{xh} + h_{t-1} W_{hh} + b), \qquad h_0 = 0"#,
      inline: "hₜ = tanh(xₜWₓₕ + hₜ₋₁Wₕₕ + b),    h₀ = 0",
      display80: ["hₜ = tanh(xₜWₓₕ + hₜ₋₁Wₕₕ + b),    h₀ = 0"],
      display40: [
        "hₜ = tanh(xₜWₓₕ + hₜ₋₁Wₕₕ + b),",
        "h₀ = 0",
      ]),
    Case(
      lesson: "10 LSTM gates",
      tex:
        #"i = \sigma(z_i),\; f = \sigma(z_f),\; g = \tanh(z_g),\; o = \sigma(z_o), \qquad [z_i, z_f, z_g, z_o] = x_t W + h_{t-1} U + b"#,
      inline:
        "i = σ(zᵢ), f = σ(z_f), g = tanh(z_g), o = σ(zₒ),    [zᵢ, z_f, z_g, zₒ] = xₜW + hₜ₋₁U + b",
      display80: [
        "i = σ(z ), f = σ(z ), g = tanh(z ), o = σ(z ),",
        "       i          f             g          o",
        "[z , z , z , z ] = x W + h   U + b",
        "  i   f   g   o     t     t−1",
      ],
      display40: [
        "i = σ(zᵢ), f = σ(z_f), g = tanh(z_g),",
        "  o = σ(zₒ),",
        "[z , z , z , z ] = x W + h   U + b",
        "  i   f   g   o     t     t−1",
      ]),
    Case(
      lesson: "10 LSTM state",
      tex: #"c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t)"#,
      inline: "cₜ = f ⊙ cₜ₋₁ + i ⊙ g,    hₜ = o ⊙ tanh(cₜ)",
      display80: ["cₜ = f ⊙ cₜ₋₁ + i ⊙ g,    hₜ = o ⊙ tanh(cₜ)"],
      display40: [
        "cₜ = f ⊙ cₜ₋₁ + i ⊙ g,",
        "hₜ = o ⊙ tanh(cₜ)",
      ]),
    Case(
      lesson: "11 attention",
      tex:
        #"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V"#,
      inline: "Attention(Q, K, V) = softmax(QKᵀ/√dₖ)V",
      display80: [
        "                            ⎛ QKᵀ ⎞",
        "Attention(Q, K, V) = softmax⎜─────⎟V",
        "                            ⎝ √dₖ ⎠",
      ],
      display40: nil),
    Case(
      lesson: "12 positional encoding",
      tex:
        #"PE(pos, 2i) = \sin\frac{pos}{10000^{2i/d}}, \qquad PE(pos, 2i+1) = \cos\frac{pos}{10000^{2i/d}}"#,
      inline: "PE(pos, 2i) = sin(pos/10000^(2i/d)),    PE(pos, 2i + 1) = cos(pos/10000^(2i/d))",
      display80: [
        "                       pos                                      pos",
        "PE(pos, 2i) = sin ──────────────,    PE(pos, 2i + 1) = cos ──────────────",
        "                   10000^(2i/d)                             10000^(2i/d)",
      ],
      display40: [
        "                       pos",
        "PE(pos, 2i) = sin ──────────────,",
        "                   10000^(2i/d)",
        "                           pos",
        "PE(pos, 2i + 1) = cos ──────────────",
        "                       10000^(2i/d)",
      ]),
    Case(
      lesson: "13 transformer block",
      tex:
        #"h = x + \mathrm{Attention}(\mathrm{LN}_1(x)), \qquad \mathrm{out} = h + \mathrm{FFN}(\mathrm{LN}_2(h))"#,
      inline: "h = x + Attention(LN₁(x)),    out = h + FFN(LN₂(h))",
      display80: ["h = x + Attention(LN₁(x)),    out = h + FFN(LN₂(h))"],
      display40: [
        "h = x + Attention(LN₁(x)),",
        "out = h + FFN(LN₂(h))",
      ]),
    Case(
      lesson: "14 parameters",
      tex: #"V d + C d + L\,(12 d^2 + 13 d) + 2 d \;\;[\,+\; d V + V \text{ untied}\,]"#,
      inline: "Vd + Cd + L (12d² + 13d) + 2d  [ + dV + V untied ]",
      display80: ["Vd + Cd + L (12d² + 13d) + 2d  [ + dV + V untied ]"],
      display40: [
        "Vd + Cd + L (12d² + 13d) +",
        "  2d  [ + dV + V untied ]",
      ]),
    Case(
      lesson: "14 FLOPs",
      tex: #"\text{FLOPs per token} = L\,(24 d^2 + 4 C d) + 2 d V"#,
      inline: "FLOPs per token = L (24d² + 4Cd) + 2dV",
      display80: ["FLOPs per token = L (24d² + 4Cd) + 2dV"],
      display40: nil),
    Case(
      lesson: "02 loss (indented formula as TeX)",
      tex: #"L = \frac{1}{2n} \sum_i (y_i - \hat{y}_i)^2"#,
      inline: "L = 1/(2n) Σᵢ (yᵢ − ŷᵢ)²",
      display80: [
        "     1",
        "L = ──── Σ (yᵢ − ŷᵢ)²",
        "     2n  i",
      ],
      display40: nil),
    Case(
      lesson: "01 forward",
      tex: #"z_j = \sum_i w_{ij} \cdot x_i + b_j \qquad a_j = f(z_j)"#,
      inline: "zⱼ = Σᵢ wᵢⱼ · xᵢ + bⱼ    aⱼ = f(zⱼ)",
      display80: [
        "zⱼ = Σ wᵢⱼ · xᵢ + bⱼ    aⱼ = f(zⱼ)",
        "     i",
      ],
      display40: nil),
    Case(
      lesson: "03 backprop",
      tex:
        #"\frac{\partial o}{\partial w_1} = \frac{\partial n}{\partial w_1} \cdot \frac{do}{dn} = x_1 \cdot \frac{do}{dn}"#,
      inline: "∂o/∂w₁ = ∂n/∂w₁ · do/(dn) = x₁ · do/(dn)",
      display80: [
        " ∂o      ∂n      do          do",
        "───── = ───── · ──── = x₁ · ────",
        " ∂w₁     ∂w₁     dn          dn",
      ],
      display40: nil),
    Case(
      lesson: "03 backprop",
      tex: #"\frac{\partial o}{\partial w_1} \approx \frac{o(w_1 + h) - o(w_1 - h)}{2h}"#,
      inline: "∂o/∂w₁ ≈ (o(w₁ + h) − o(w₁ − h))/(2h)",
      display80: [
        " ∂o      o(w₁ + h) − o(w₁ − h)",
        "───── ≈ ───────────────────────",
        " ∂w₁              2h",
      ],
      display40: nil),
    Case(
      lesson: "04 gradient descent",
      tex: #"w_{ij} \leftarrow w_{ij} - \alpha \cdot \frac{\partial L}{\partial w_{ij}}"#,
      inline: "wᵢⱼ ← wᵢⱼ − α · ∂L/∂wᵢⱼ",
      display80: [
        "                  ∂L",
        "wᵢⱼ ← wᵢⱼ − α · ──────",
        "                 ∂wᵢⱼ",
      ],
      display40: nil),
    Case(
      lesson: "05 mini-batch",
      tex:
        #"w_{ij} \leftarrow w_{ij} - \alpha \cdot \frac{1}{n} \sum_k \frac{\partial L_k}{\partial w_{ij}} \qquad (k = 1, \ldots, n \text{ counts the samples})"#,
      inline: "wᵢⱼ ← wᵢⱼ − α · 1/n Σₖ ∂Lₖ/∂wᵢⱼ    (k = 1, …, n counts the samples)",
      display80: [
        "                 1     ∂Lₖ",
        "wᵢⱼ ← wᵢⱼ − α · ─── Σ ──────    (k = 1, …, n counts the samples)",
        "                 n  k  ∂wᵢⱼ",
      ],
      display40: [
        "                 1     ∂Lₖ",
        "wᵢⱼ ← wᵢⱼ − α · ─── Σ ──────",
        "                 n  k  ∂wᵢⱼ",
        "(k = 1, …, n counts the samples)",
      ]),
    Case(
      lesson: "06 learning rate",
      tex: #"\eta_t = \eta_0 \cdot \gamma^t"#,
      inline: "ηₜ = η₀ · γᵗ",
      display80: [
        "ηₜ = η₀ · γᵗ"
      ],
      display40: nil),
    Case(
      lesson: "06 learning rate",
      tex: #"\eta_t = \eta_0 \cdot \frac{t + 1}{w} \qquad \text{while } t < w"#,
      inline: "ηₜ = η₀ · (t + 1)/w    while t < w",
      display80: [
        "           t + 1",
        "ηₜ = η₀ · ───────    while t < w",
        "             w",
      ],
      display40: nil),
    Case(
      lesson: "06 learning rate",
      tex:
        #"\eta_t = \frac{\eta_0}{2} \cdot \left(1 + \cos\frac{\pi (t - w)}{T - w}\right) \qquad \text{from } t = w \text{ on}"#,
      inline: "ηₜ = η₀/2 · (1 + cos((π(t − w))/(T − w)))    from t = w on",
      display80: [
        "      η₀    ⎛         π(t − w) ⎞",
        "ηₜ = ──── · ⎜1 + cos ──────────⎟    from t = w on",
        "      2     ⎝          T − w   ⎠",
      ],
      display40: [
        "      η₀    ⎛         π(t − w) ⎞",
        "ηₜ = ──── · ⎜1 + cos ──────────⎟",
        "      2     ⎝          T − w   ⎠",
        "from t = w on",
      ]),
    Case(
      lesson: "06 learning rate",
      tex:
        #"g \leftarrow g \cdot \frac{\theta}{\lVert g \rVert} \qquad \text{if } \lVert g \rVert > \theta"#,
      inline: "g ← g · θ/(‖g‖)    if ‖g‖ > θ",
      display80: [
        "          θ",
        "g ← g · ─────    if ‖g‖ > θ",
        "         ‖g‖",
      ],
      display40: nil),
  ]

  @Test(arguments: cases)
  func inline(_ lesson: Case) {
    #expect(MathFormula(tex: lesson.tex).inlineText() == lesson.inline)
  }

  @Test(arguments: cases)
  func displayAt80(_ lesson: Case) {
    #expect(MathFormula(tex: lesson.tex).displayLines(width: 80) == lesson.display80)
  }

  @Test(arguments: cases)
  func displayAt40(_ lesson: Case) {
    let expected = lesson.display40 ?? lesson.display80
    #expect(MathFormula(tex: lesson.tex).displayLines(width: 40) == expected)
  }

  /// The goldens above are the formulas the lessons hold today: a changed lesson formula
  /// must come with its golden.
  @Test func goldensCoverEveryLessonDisplayFormula() throws {
    let inLessons = try LessonFiles.formulas().map(\.tex)
    let golden = Set(Self.cases.map(\.tex))
    #expect(inLessons.count == 19)
    for tex in inLessons { #expect(golden.contains(tex), "no golden for \(tex)") }
  }
}
