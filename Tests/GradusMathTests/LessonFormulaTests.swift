import Testing

@testable import GradusMath

/// The display formulas of the lessons (nine in 09–14, ten in 01–06 that were indented lines
/// before they were written as TeX, and those of 15–21), rendered inline and in display at 80 and 40 columns. Where READER.md §3 shows a rendering, the golden
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
    Case(
      lesson: "15 narrow valley",
      tex: #"f(x, y) = 0.1\,x^2 + 2\,y^2, \qquad \nabla f = (0.2\,x,\; 4\,y)"#,
      inline: "f(x, y) = 0.1 x² + 2 y²,    ∇f = (0.2 x, 4 y)",
      display80: [
        "f(x, y) = 0.1 x² + 2 y²,    ∇f = (0.2 x, 4 y)"
      ],
      display40: [
        "f(x, y) = 0.1 x² + 2 y²,",
        "∇f = (0.2 x, 4 y)",
      ]),
    Case(
      lesson: "15 momentum",
      tex: #"v_t = \beta\, v_{t-1} + g_t, \qquad p_t = p_{t-1} - \alpha\, v_t"#,
      inline: "vₜ = β vₜ₋₁ + gₜ,    pₜ = pₜ₋₁ − α vₜ",
      display80: [
        "vₜ = β vₜ₋₁ + gₜ,    pₜ = pₜ₋₁ − α vₜ"
      ],
      display40: nil),
    Case(
      lesson: "15 RMSProp",
      tex:
        #"s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad p_t = p_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \epsilon}"#,
      inline: "sₜ = ρ sₜ₋₁ + (1 − ρ) gₜ²,    pₜ = pₜ₋₁ − α gₜ/(√sₜ + ϵ)",
      display80: [
        "                                               gₜ",
        "sₜ = ρ sₜ₋₁ + (1 − ρ) gₜ²,    pₜ = pₜ₋₁ − α ─────────",
        "                                             √sₜ + ϵ",
      ],
      display40: [
        "sₜ = ρ sₜ₋₁ + (1 − ρ) gₜ²,",
        "                 gₜ",
        "pₜ = pₜ₋₁ − α ─────────",
        "               √sₜ + ϵ",
      ]),
    Case(
      lesson: "15 momentum",
      tex:
        #"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2"#,
      inline: "mₜ = β₁mₜ₋₁ + (1 − β₁) gₜ,    vₜ = β₂vₜ₋₁ + (1 − β₂) gₜ²",
      display80: [
        "mₜ = β₁mₜ₋₁ + (1 − β₁) gₜ,    vₜ = β₂vₜ₋₁ + (1 − β₂) gₜ²"
      ],
      display40: [
        "mₜ = β₁mₜ₋₁ + (1 − β₁) gₜ,",
        "vₜ = β₂vₜ₋₁ + (1 − β₂) gₜ²",
      ]),
    Case(
      lesson: "15 Adam bias correction",
      tex:
        #"\hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad p_t = p_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"#,
      inline: "m̂ₜ = mₜ/(1 − β₁ᵗ),    v̂ₜ = vₜ/(1 − β₂ᵗ),    pₜ = pₜ₋₁ − α m̂ₜ/(√v̂ₜ + ϵ)",
      display80: [
        "        mₜ                 vₜ                          m̂ₜ",
        "m̂ₜ = ─────────,    v̂ₜ = ─────────,    pₜ = pₜ₋₁ − α ─────────",
        "      1 − β₁ᵗ            1 − β₂ᵗ                     √v̂ₜ + ϵ",
      ],
      display40: [
        "        mₜ",
        "m̂ₜ = ─────────,",
        "      1 − β₁ᵗ",
        "        vₜ",
        "v̂ₜ = ─────────,",
        "      1 − β₂ᵗ",
        "                 m̂ₜ",
        "pₜ = pₜ₋₁ − α ─────────",
        "               √v̂ₜ + ϵ",
      ]),
    Case(
      lesson: "19 spectrum",
      tex:
        #"X_k = \sum_{t=0}^{31} x_t \cos\frac{2\pi k t}{32} \;-\; i \sum_{t=0}^{31} x_t \sin\frac{2\pi k t}{32}"#,
      inline: "Xₖ = Σₜ₌₀³¹ xₜ cos(2πkt/32) − i Σₜ₌₀³¹ xₜ sin(2πkt/32)",
      display80: [
        "     31          2πkt      31          2πkt",
        "Xₖ =  Σ  xₜ cos ────── − i  Σ  xₜ sin ──────",
        "     t=0          32       t=0          32",
      ],
      display40: [
        "Xₖ = Σₜ₌₀³¹ xₜ cos(2πkt/32) −",
        "  i Σₜ₌₀³¹ xₜ sin(2πkt/32)",
      ]),
    Case(
      lesson: "19 magnitude",
      tex: #"|X_k|"#,
      inline: "|Xₖ|",
      display80: [
        "|Xₖ|"
      ],
      display40: nil),
    Case(
      lesson: "20 entropy",
      tex: #"H = -\sum_c p_c \ln p_c"#,
      inline: "H = − Σ_c p_c ln p_c",
      display80: [
        "H = − Σ p  ln p",
        "      c  c     c",
      ],
      display40: nil),
    Case(
      lesson: "20 seed positional encoding (sin)",
      tex: #"PE(pos, 2i) = \sin(pos/10000^{2i/d})"#,
      inline: "PE(pos, 2i) = sin(pos/10000^(2i/d))",
      display80: [
        "                           2i/d",
        "PE(pos, 2i) = sin(pos/10000    )",
      ],
      display40: nil),
    Case(
      lesson: "20 seed positional encoding (cos)",
      tex: #"PE(pos, 2i+1) = \cos(pos/10000^{2i/d})"#,
      inline: "PE(pos, 2i + 1) = cos(pos/10000^(2i/d))",
      display80: [
        "                               2i/d",
        "PE(pos, 2i + 1) = cos(pos/10000    )",
      ],
      display40: nil),
    Case(
      lesson: "20 perplexity",
      tex: #"e^{1.60} \approx 5"#,
      inline: "e^1.60 ≈ 5",
      display80: [
        " 1.60",
        "e     ≈ 5",
      ],
      display40: nil),
    Case(
      lesson: "20 temperature",
      tex: #"p_i \propto e^{z_i/T}"#,
      inline: "pᵢ ∝ e^(zᵢ/T)",
      display80: [
        "      zᵢ/T",
        "p  ∝ e",
        " i",
      ],
      display40: nil),
    Case(
      lesson: "20 concentration",
      tex: #"p_i^2 / \sum_j p_j^2"#,
      inline: "pᵢ²/ Σⱼ pⱼ²",
      display80: [
        "pᵢ²/ Σ pⱼ²",
        "     j",
      ],
      display40: nil),
    Case(
      lesson: "20 temperature (prose)",
      tex: #"p \propto e^{z/T}"#,
      inline: "p ∝ e^(z/T)",
      display80: [
        "     z/T",
        "p ∝ e",
      ],
      display40: nil),
    Case(
      lesson: "21 bias",
      tex: #"\sigma(w_{\text{subject}})"#,
      inline: "σ(w_(subject))",
      display80: [
        "σ(w       )",
        "   subject",
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
    #expect(inLessons.count == 35)
    for tex in inLessons { #expect(golden.contains(tex), "no golden for \(tex)") }
  }
}
