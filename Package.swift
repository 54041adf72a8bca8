// swift-tools-version: 6.2
import PackageDescription

// Layers (imports only go down): CBLAS → GradusTensor → GradusAutograd → GradusRuntime → gradus.
// GradusLanguage (source, diagnostics, lexer, parser, AST) knows nothing of tensors.
// Release builds drop the dynamic exclusivity checks on class properties: the evaluator and the
// engine touch their state on every operation, and the checks cost more than the work itself.
let fast: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

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
    // The executables' malloc. A training step of a small network makes and frees a few hundred
    // objects and arrays; glibc's allocator takes its slow path for most of them (per-thread
    // cache of 7 blocks per size, nothing above 1 KiB) and cost W1/W2 about a tenth of their time.
    .systemLibrary(
      name: "CJemalloc",
      pkgConfig: "jemalloc",
      providers: [.apt(["libjemalloc-dev"])]
    ),
    .target(name: "CJemallocSettings"),
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // Float32 kernels (exp, tanh, GELU, softmax, layer norm, + − × ÷) built for AVX-512, AVX2
    // and SSE2, one chosen at load time: Swift code is built for baseline x86-64 (SSE2) only.
    .target(name: "CGradusKernels", cSettings: [.unsafeFlags(["-O3"])]),
    .target(name: "GradusTensor", dependencies: ["CBLAS", "CGradusKernels"], swiftSettings: fast),
    // Pictures as data (charts, heatmaps, pixel grids, graphs) and their text/SVG renderings.
    .target(name: "GradusPictures"),
    .target(name: "GradusAutograd", dependencies: ["GradusTensor"], swiftSettings: fast),
    .target(name: "GradusLanguage"),
    // Display width of text in terminal columns and line breaking by the Chinese and English
    // rules: for prose, tables, printed values and anything else laid out in columns.
    .target(name: "GradusText"),
    // GitHub's CommonMark parser (Debian's libcmark-gfm), with its tables extension.
    .systemLibrary(
      name: "CMarkGFM",
      pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),
    // TeX formulas of the lessons: one parser, rendered as terminal text (inline and display) and
    // as MathML. No dependencies, so the lesson reader and the HTML exporter can both use it.
    .target(name: "GradusMath", dependencies: ["GradusText"]),
    // The table of temporary files a signal handler removes (async-signal-safe, so in C).
    .target(name: "CTemporaryFiles"),
    // The real stack pointer, for the evaluator's stack check (also under AddressSanitizer).
    .target(name: "CStackAddress"),
    .target(
      name: "GradusRuntime",
      dependencies: [
        "GradusLanguage", "GradusAutograd", "GradusTensor", "GradusPictures", "CTemporaryFiles",
        "CStackAddress",
      ],
      // The prelude is Gradus source compiled into the binary, so `gradus` is one file.
      resources: [.embedInCode("Prelude/prelude.grad")],
      swiftSettings: fast
    ),
    // Cells, lessons, transcripts and export (Markdown/HTML).
    .target(
      name: "GradusNotebook",
      dependencies: [
        "GradusRuntime", "GradusLanguage", "GradusPictures", "GradusText", "GradusMath",
        "CMarkGFM",
      ]
    ),
    // Line editing, history, completion, meta commands. It asks the runtime about values
    // (`RuntimeQueries.swift`) and never imports the engine (GradusTensor, GradusAutograd).
    .target(
      name: "GradusREPL",
      dependencies: [
        "GradusNotebook", "GradusRuntime", "GradusLanguage", "GradusPictures", "CEditLine",
      ]
    ),
    // ZeroMQ for the Jupyter kernel. No pkgConfig: libzmq.pc pulls an `-isystem` flag in through
    // krb5-gssapi, and SwiftPM then warns "prohibited flag(s)" on every build; zmq.h is on the
    // default include path anyway.
    .systemLibrary(name: "CZmq", providers: [.apt(["libzmq3-dev"])]),
    // OpenSSL's libcrypto, for the HMAC-SHA256 that signs Jupyter messages.
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    // `gradus kernel`: the Jupyter messaging protocol over ZeroMQ, driving a REPL session.
    .target(
      name: "GradusKernel",
      dependencies: [
        "CZmq", "COpenSSL", "GradusREPL", "GradusRuntime", "GradusLanguage", "GradusPictures",
        "GradusTensor",
      ],
      // The logo the kernelspec carries, compiled in so that `gradus` stays one file; the PNGs
      // are drawn from the SVG by scripts/make_kernel_logo.sh.
      resources: [
        .embedInCode("Resources/logo-svg.svg"), .embedInCode("Resources/logo-32x32.png"),
        .embedInCode("Resources/logo-64x64.png"),
      ]
    ),
    .executableTarget(
      name: "gradus",
      dependencies: [
        "GradusRuntime", "GradusNotebook", "GradusREPL", "GradusPictures", "GradusKernel",
        "CJemalloc",
        "CJemallocSettings", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "gradus-bench",
      dependencies: [
        "GradusAutograd", "GradusTensor", "CBLAS", "GradusRuntime", "GradusLanguage",
        "GradusPictures", "CJemalloc", "CJemallocSettings",
      ]
    ),
    // libFuzzer entry point; built separately with -sanitize=fuzzer (scripts/fuzz.sh).
    .executableTarget(
      name: "gradus-fuzz",
      dependencies: ["GradusRuntime", "GradusLanguage", "GradusTensor", "GradusPictures"]
    ),
    // Starting child processes with SIGINT deliverable, for the tests that press Ctrl-C.
    .target(name: "GradusTestProcesses", path: "Tests/GradusTestProcesses"),
    .testTarget(name: "GradusTensorTests", dependencies: ["GradusTensor"]),
    .testTarget(
      name: "GradusAutogradTests",
      dependencies: ["GradusAutograd", "GradusTensor"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "GradusLanguageTests", dependencies: ["GradusLanguage"]),
    .testTarget(name: "GradusTextTests", dependencies: ["GradusText"]),
    // Reads lessons/*.grad through #filePath to check that every formula parses.
    .testTarget(name: "GradusMathTests", dependencies: ["GradusMath"]),
    .testTarget(
      name: "GradusRuntimeTests",
      dependencies: [
        "GradusRuntime", "GradusLanguage", "GradusPictures", "GradusTensor", "GradusTestProcesses",
      ],
      exclude: ["FuzzRegressions"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "GradusPicturesTests", dependencies: ["GradusPictures"],
      // Golden drawings are read (and re-recorded) through #filePath, not as resources.
      exclude: ["Snapshots"]
    ),
    .testTarget(
      name: "GradusNotebookTests",
      dependencies: [
        "GradusNotebook", "GradusRuntime", "GradusLanguage", "GradusPictures", "GradusTensor",
      ],
      // Lesson goldens and fixtures are read (and re-recorded) through #filePath.
      exclude: ["Goldens", "Fixtures"]
    ),
    .testTarget(
      name: "GradusKernelTests",
      dependencies: [
        "GradusKernel", "GradusNotebook", "GradusLanguage", "GradusTensor", "GradusAutograd",
        "GradusRuntime",
      ]
    ),
    .testTarget(
      name: "GradusREPLTests",
      dependencies: [
        "GradusREPL", "GradusNotebook", "GradusRuntime", "GradusLanguage", "GradusTestProcesses",
      ],
      // Golden transcripts are read (and re-recorded) through #filePath, not as resources.
      exclude: ["Transcripts"]
    ),
  ]
)
