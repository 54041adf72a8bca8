/// The prelude's source text, embedded in the binary at build time.
enum Prelude {
  static let text = String(decoding: PackageResources.prelude_grad, as: UTF8.self)
}
