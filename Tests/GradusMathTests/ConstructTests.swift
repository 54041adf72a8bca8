import Testing

@testable import GradusMath

/// One case per TeX construct of READER.md §3 and §4, each rendered the three ways (inline,
/// display, MathML) and in ASCII.
struct ConstructTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let tex: String
    let inline: String
    let ascii: String
    /// Display at 80 columns; nil when it is the inline text on one line.
    let display: [String]?
    let mathML: String
    var testDescription: String { tex }
  }

  static let cases: [Case] = [
    Case(
      tex: #"x + 10000 - \sigma \epsilon \varepsilon"#, inline: "x + 10000 − σϵε",
      ascii: "x + 10000 - sigma epsilon varepsilon", display: nil,
      mathML: "<mi>x</mi><mo>+</mo><mn>10000</mn><mo>−</mo><mi>σ</mi><mi>ϵ</mi><mi>ε</mi>"),
    Case(
      tex: #"a \cdot b \times c \odot d \le e \approx f \leftarrow g \in h"#,
      inline: "a · b × c ⊙ d ≤ e ≈ f ← g ∈ h", ascii: "a * b x c (.) d <= e ~= f <- g in h",
      display: nil,
      mathML:
        "<mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi><mo>⊙</mo><mi>d</mi><mo>≤</mo><mi>e</mi>"
        + "<mo>≈</mo><mi>f</mi><mo>←</mo><mi>g</mi><mo>∈</mo><mi>h</mi>"),
    Case(
      tex: #"a\,b\:c\;d\quad e\qquad f\!g"#, inline: "a b c d  e    fg", ascii: "a b c d  e    fg",
      display: nil,
      mathML:
        #"<mi>a</mi><mspace width="0.1667em"/><mi>b</mi><mspace width="0.2222em"/><mi>c</mi>"#
        + #"<mspace width="0.2778em"/><mi>d</mi><mspace width="1em"/><mi>e</mi>"#
        + #"<mspace width="2em"/><mi>f</mi><mspace width="-0.1667em"/><mi>g</mi>"#),
    Case(
      tex: "x_t + x^2 + x_i^2", inline: "xₜ + x² + xᵢ²", ascii: "x_t + x^2 + x_i^2", display: nil,
      mathML:
        "<msub><mi>x</mi><mi>t</mi></msub><mo>+</mo><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo>"
        + "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"),
    Case(
      tex: "z_f + 10000^{2i/d} + K_{ab}", inline: "z_f + 10000^(2i/d) + K_ab",
      ascii: "z_f + 10000^(2i/d) + K_ab",
      display: [
        "          2i/d",
        "z  + 10000     + K",
        " f                ab",
      ],
      mathML:
        "<msub><mi>z</mi><mi>f</mi></msub><mo>+</mo><msup><mn>10000</mn><mrow><mn>2</mn><mi>i</mi>"
        + #"<mo stretchy="false">/</mo><mi>d</mi></mrow></msup><mo>+</mo>"#
        + "<msub><mi>K</mi><mrow><mi>a</mi><mi>b</mi></mrow></msub>"),
    Case(
      tex: #"K^\top + W^{-1}"#, inline: "Kᵀ + W⁻¹", ascii: "K^T + W^(-1)", display: nil,
      mathML:
        "<msup><mi>K</mi><mi>⊤</mi></msup><mo>+</mo><msup><mi>W</mi><mrow><mo>−</mo><mn>1</mn>"
        + "</mrow></msup>"),
    Case(
      tex: #"\frac{Q K^\top}{\sqrt{d_k}}"#, inline: "QKᵀ/√dₖ", ascii: "QK^T/sqrt(d_k)",
      display: [
        " QKᵀ",
        "─────",
        " √dₖ",
      ],
      mathML:
        "<mfrac><mrow><mi>Q</mi><msup><mi>K</mi><mi>⊤</mi></msup></mrow><msqrt><msub><mi>d</mi>"
        + "<mi>k</mi></msub></msqrt></mfrac>"),
    Case(
      tex: #"\frac{1}{2n}"#, inline: "1/(2n)", ascii: "1/(2n)",
      display: [
        " 1",
        "────",
        " 2n",
      ],
      mathML: "<mfrac><mn>1</mn><mrow><mn>2</mn><mi>n</mi></mrow></mfrac>"),
    Case(
      tex: #"\frac{a+b}{c}"#, inline: "(a + b)/c", ascii: "(a + b)/c",
      display: [
        " a + b",
        "───────",
        "   c",
      ],
      mathML: "<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mi>c</mi></mfrac>"),
    Case(
      tex: #"\frac{\partial L}{\partial w_{ij}}"#, inline: "∂L/∂wᵢⱼ", ascii: "dL/dw_ij",
      display: [
        "  ∂L",
        "──────",
        " ∂wᵢⱼ",
      ],
      mathML:
        #"<mfrac><mrow><mi mathvariant="normal">∂</mi><mi>L</mi></mrow><mrow>"#
        + #"<mi mathvariant="normal">∂</mi><msub><mi>w</mi><mrow><mi>i</mi><mi>j</mi></mrow>"#
        + "</msub></mrow></mfrac>"),
    Case(
      tex: #"\sqrt{x + y}"#, inline: "√(x + y)", ascii: "sqrt(x + y)",
      display: [
        " _____",
        "√x + y",
      ],
      mathML: "<msqrt><mi>x</mi><mo>+</mo><mi>y</mi></msqrt>"),
    // A radicand taller than a row: the sign rises along it and its bar spans the top.
    Case(
      tex: #"\sqrt{\frac{a + b}{2}}"#, inline: "√((a + b)/2)", ascii: "sqrt((a + b)/2)",
      display: [
        "    ________",
        "   ╱  a + b",
        "  ╱  ───────",
        "╲╱      2",
      ],
      mathML: "<msqrt><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac></msqrt>"),
    Case(
      tex: #"\sqrt[3]{x} + \sqrt[n]{y}"#, inline: "∛x + ⁿ√y", ascii: "root[3](x) + root[n](y)",
      display: nil,
      mathML: "<mroot><mi>x</mi><mn>3</mn></mroot><mo>+</mo><mroot><mi>y</mi><mi>n</mi></mroot>"),
    Case(
      tex: #"\sum_{i=1}^{n} x_i"#, inline: "Σᵢ₌₁ⁿ xᵢ", ascii: "sum_(i=1)^n x_i",
      display: [
        " n",
        " Σ  xᵢ",
        "i=1",
      ],
      mathML:
        "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
        + "<msub><mi>x</mi><mi>i</mi></msub>"),
    Case(
      tex: #"\prod_{k} p_k"#, inline: "Πₖ pₖ", ascii: "prod_k p_k",
      display: [
        "Π pₖ",
        "k",
      ],
      mathML: "<munder><mo>∏</mo><mi>k</mi></munder><msub><mi>p</mi><mi>k</mi></msub>"),
    Case(
      tex: #"\int_0^1 f(x)\,dx"#, inline: "∫₀¹ f(x) dx", ascii: "int_0^1 f(x) dx", display: nil,
      mathML:
        "<msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup><mi>f</mi>"
        + #"<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#
        + #"<mspace width="0.1667em"/><mi>d</mi><mi>x</mi>"#),
    Case(
      tex: #"\left( \frac{a}{b} \right) + \left[ \frac{a}{b} \right] + \left| \frac{a}{b} \right|"#,
      inline: "(a/b) + [a/b] + |a/b|", ascii: "(a/b) + [a/b] + |a/b|",
      display: [
        "⎛ a ⎞   ⎡ a ⎤   │ a │",
        "⎜───⎟ + ⎢───⎥ + │───│",
        "⎝ b ⎠   ⎣ b ⎦   │ b │",
      ],
      mathML:
        "<mrow><mo>(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>)</mo></mrow><mo>+</mo>"
        + "<mrow><mo>[</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>]</mo></mrow><mo>+</mo>"
        + "<mrow><mo>|</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>|</mo></mrow>"),
    Case(
      tex: #"\left\{ \frac{a}{b} \right."#, inline: "{a/b", ascii: "{a/b",
      display: [
        "⎧ a",
        "⎨───",
        "⎩ b",
      ],
      mathML: "<mrow><mo>{</mo><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow>"),
    Case(
      tex: #"\mathrm{softmax}(x) + \mathrm{d}x"#, inline: "softmax(x) + dx",
      ascii: "softmax(x) + dx", display: nil,
      mathML:
        #"<mi>softmax</mi><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#
        + #"<mo>+</mo><mi mathvariant="normal">d</mi><mi>x</mi>"#),
    Case(
      tex: #"V \text{ untied }"#, inline: "V untied ", ascii: "V untied ", display: ["V untied"],
      mathML: "<mi>V</mi><mtext>&#xA0;untied&#xA0;</mtext>"),
    Case(
      tex: #"\operatorname{relu}(x)"#, inline: "relu(x)", ascii: "relu(x)", display: nil,
      mathML:
        #"<mi>relu</mi><mo>&#x2061;</mo><mo stretchy="false">(</mo><mi>x</mi>"#
        + #"<mo stretchy="false">)</mo>"#),
    Case(
      tex: #"\tanh x + \sin\frac{a}{b}"#, inline: "tanh x + sin(a/b)", ascii: "tanh x + sin(a/b)",
      display: [
        "              a",
        "tanh x + sin ───",
        "              b",
      ],
      mathML:
        "<mi>tanh</mi><mo>&#x2061;</mo><mi>x</mi><mo>+</mo><mi>sin</mi><mo>&#x2061;</mo>"
        + "<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
    Case(
      tex: #"\hat{y} + \bar{x} + \tilde{x} + \vec{v}"#, inline: "ŷ + x̄ + x̃ + v⃗",
      ascii: "hat(y) + bar(x) + tilde(x) + vec(v)", display: nil,
      mathML:
        #"<mover accent="true"><mi>y</mi><mo>^</mo></mover><mo>+</mo>"#
        + #"<mover accent="true"><mi>x</mi><mo>¯</mo></mover><mo>+</mo>"#
        + #"<mover accent="true"><mi>x</mi><mo>~</mo></mover><mo>+</mo>"#
        + #"<mover accent="true"><mi>v</mi><mo>→</mo></mover>"#),
    Case(
      tex: #"\foo{x} + y"#, inline: #"\foox + y"#, ascii: #"\foox + y"#, display: nil,
      mathML: #"<merror><mtext>\foo</mtext></merror><mrow><mi>x</mi></mrow><mo>+</mo><mi>y</mi>"#),
    Case(
      tex: #"\{ a, b \}"#, inline: "{a, b}", ascii: "{a, b}", display: nil,
      mathML:
        #"<mo stretchy="false">{</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo stretchy="false">}</mo>"#),
    Case(
      tex: #"\infty \partial \nabla \ldots \cdots"#, inline: "∞∂∇…⋯", ascii: "inf d nabla......",
      display: nil,
      mathML:
        #"<mi>∞</mi><mi mathvariant="normal">∂</mi><mi mathvariant="normal">∇</mi>"#
        + "<mo>…</mo><mo>⋯</mo>"),
    Case(
      tex: #"w \leftarrow w - \eta \nabla L, \quad x \rightarrow \infty"#,
      inline: "w ← w − η∇L,  x → ∞", ascii: "w <- w - eta nabla L,  x -> inf", display: nil,
      mathML:
        "<mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi><mi mathvariant=\"normal\">∇</mi>"
        + #"<mi>L</mi><mo>,</mo><mspace width="1em"/><mi>x</mi><mo>→</mo><mi>∞</mi>"#),
    Case(
      tex: #"\max_{x} f(x)"#, inline: "maxₓ f(x)", ascii: "max_x f(x)",
      display: [
        "max f(x)",
        " x",
      ],
      mathML:
        "<munder><mi>max</mi><mi>x</mi></munder><mo>&#x2061;</mo><mi>f</mi>"
        + #"<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#),
    Case(
      tex: "a' + b''", inline: "a′ + b′′", ascii: "a' + b''", display: nil,
      mathML:
        "<msup><mi>a</mi><mo>′</mo></msup><mo>+</mo><msup><mi>b</mi><mrow><mo>′</mo><mo>′</mo>"
        + "</mrow></msup>"),
    Case(
      tex: #"x \in \mathbb{R}^{d \times d}"#, inline: "x ∈ ℝ^(d×d)", ascii: "x in R^(dxd)",
      display: [
        "     d×d",
        "x ∈ ℝ",
      ],
      mathML:
        #"<mi>x</mi><mo>∈</mo><msup><mi mathvariant="normal">ℝ</mi><mrow><mi>d</mi><mo>×</mo>"#
        + "<mi>d</mi></mrow></msup>"),
    Case(
      tex: #"\operatorname*{arg\,max}_x f(x)"#, inline: "argmaxₓ f(x)", ascii: "argmax_x f(x)",
      display: [
        "argmax f(x)",
        "  x",
      ],
      mathML:
        "<munder><mi>argmax</mi><mi>x</mi></munder><mo>&#x2061;</mo><mi>f</mi>"
        + #"<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#),
    Case(
      tex: #"\left(\sum_{i=1}^n x_i\right)^2"#, inline: "(Σᵢ₌₁ⁿ xᵢ)²",
      ascii: "(sum_(i=1)^n x_i)^2",
      display: [
        "⎛ n    ⎞²",
        "⎜ Σ  xᵢ⎟",
        "⎝i=1   ⎠",
      ],
      mathML:
        "<msup><mrow><mo>(</mo><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow>"
        + "<mi>n</mi></munderover><msub><mi>x</mi><mi>i</mi></msub><mo>)</mo></mrow><mn>2</mn>"
        + "</msup>"),
    Case(
      tex: "-x = -1", inline: "−x = −1", ascii: "-x = -1", display: nil,
      mathML: "<mo>−</mo><mi>x</mi><mo>=</mo><mo>−</mo><mn>1</mn>"),
  ]

  @Test(arguments: cases)
  func inline(_ construct: Case) {
    #expect(MathFormula(tex: construct.tex).inlineText() == construct.inline)
  }

  @Test(arguments: cases)
  func ascii(_ construct: Case) {
    let formula = MathFormula(tex: construct.tex)
    #expect(formula.inlineText(unicode: false) == construct.ascii)
    #expect(formula.displayLines(width: 80, unicode: false) == [construct.ascii])
  }

  @Test(arguments: cases)
  func display(_ construct: Case) {
    let expected = construct.display ?? [construct.inline]
    #expect(MathFormula(tex: construct.tex).displayLines(width: 80) == expected)
  }

  @Test(arguments: cases)
  func mathML(_ construct: Case) {
    #expect(mathMLBody(construct.tex) == construct.mathML)
  }
}
