import Foundation
import Testing

@testable import GradusKernel

@Suite struct KernelSpecTests {
  @Test func installWritesTheKernelJSONAndTheLogosAndUninstallRemovesThem() throws {
    let prefix = NSTemporaryDirectory() + "gradus-kernelspec-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let written = try KernelSpec.install(.prefix(prefix), executable: "/opt/gradus").get()
    let folder = prefix + "/share/jupyter/kernels/gradus"
    #expect(written == folder + "/kernel.json")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files == ["kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"])
    func bytes(_ name: String) throws -> [UInt8] {
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }
    let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    for (name, side) in [("logo-32x32.png", 32), ("logo-64x64.png", 64)] {
      let png = try bytes(name)
      #expect(Array(png.prefix(8)) == pngSignature)
      // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
      let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
      let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
      #expect(width == side && height == side, "\(name)")
    }
    let svg = String(decoding: try bytes("logo-svg.svg"), as: UTF8.self)
    #expect(svg.hasPrefix("<svg") && svg.contains("viewBox=\"0 0 64 64\""))
    #expect(try KernelSpec.uninstall(.prefix(prefix)).get() == folder)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
