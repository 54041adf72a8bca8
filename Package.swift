// swift-tools-version: 6.2
import PackageDescription

// Layers (imports only go down): CBLAS → GradusTensor → GradusAutograd → GradusRuntime → gradus.
// GradusLanguage (source, diagnostics, lexer, parser, AST) knows nothing of tensors.
let package = Package(
  name: "Gradus",
  products: [
    .executable(name: "gradus", targets: ["gradus"]),
    .executable(name: "gradus-bench", targets: ["gradus-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .target(name: "GradusTensor", dependencies: ["CBLAS"]),
    .target(name: "GradusAutograd", dependencies: ["GradusTensor"]),
    .target(name: "GradusLanguage"),
    .target(
      name: "GradusRuntime",
      dependencies: ["GradusLanguage", "GradusAutograd", "GradusTensor"],
      // The prelude is Gradus source compiled into the binary, so `gradus` is one file.
      resources: [.embedInCode("Prelude/prelude.grad")]
    ),
    .executableTarget(
      name: "gradus",
      dependencies: [
        "GradusRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "gradus-bench",
      dependencies: ["GradusAutograd", "GradusTensor", "CBLAS"]
    ),
    .testTarget(name: "GradusTensorTests", dependencies: ["GradusTensor"]),
    .testTarget(
      name: "GradusAutogradTests",
      dependencies: ["GradusAutograd", "GradusTensor"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "GradusLanguageTests", dependencies: ["GradusLanguage"]),
    .testTarget(
      name: "GradusRuntimeTests",
      dependencies: ["GradusRuntime", "GradusLanguage"]
    ),
  ]
)
