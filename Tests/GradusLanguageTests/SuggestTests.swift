import Testing

@testable import GradusLanguage

@Suite("Did-you-mean suggestions")
struct SuggestTests {
  @Test(arguments: [
    ("loss", "lossx", 1),
    ("kitten", "sitting", 3),
    ("ab", "ba", 1),  // one swap, not two substitutions
    ("ca", "abc", 3),  // optimal string alignment, not unrestricted
    ("Loss", "loss", 0),  // case-insensitive
    ("", "abc", 3),
    ("θ", "α", 1),
  ])
  func distance(a: String, b: String, expected: Int) {
    #expect(Suggest.distance(a, b) == expected)
  }

  @Test(arguments: [
    ("lossx", ["loss", "lr", "x", "losses"], ["loss", "losses"]),
    ("True", ["true", "false", "none"], ["true"]),
    ("x1", ["x2", "x"], []),  // short names: only case differences
    ("relu", ["relu", "gelu", "tanh"], ["gelu"]),  // the name itself is never suggested
    ("softmaxx", ["softmax", "log_softmax", "max"], ["softmax"]),
    ("zero_gard", ["zero_grad", "grad", "zeros"], ["zero_grad"]),
    ("a", ["b", "c"], []),
    (
      "count_parms", ["count_params", "params", "counts", "count_param", "parms"],
      ["count_params", "count_param"]
    ),
  ])
  func nearest(name: String, candidates: [String], expected: [String]) {
    #expect(Suggest.nearest(name, in: candidates) == expected)
  }

  @Test func atMostThreeSuggestionsNearestFirst() {
    let candidates = ["lossa", "lossb", "loss", "lossc", "lossd"]
    #expect(Suggest.nearest("lossx", in: candidates) == ["loss", "lossa", "lossb"])
  }

  @Test func didYouMeanPhrasing() {
    #expect(Suggest.didYouMean([]) == nil)
    #expect(Suggest.didYouMean(["loss"]) == "did you mean `loss`?")
    #expect(Suggest.didYouMean(["a", "b", "c"]) == "did you mean `a`, `b` or `c`?")
  }
}
