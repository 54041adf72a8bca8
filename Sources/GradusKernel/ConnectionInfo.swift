import GradusRuntime
import GradusTensor

/// What the connection file Jupyter writes for a kernel says: where to listen and how to sign.
public struct ConnectionInfo: Sendable {
  public var transport: String
  public var ip: String
  public var shellPort: Int
  public var controlPort: Int
  public var stdinPort: Int
  public var iopubPort: Int
  public var heartbeatPort: Int
  public var key: String
  public var signatureScheme: String

  /// Reads the file at `path`, or says what is wrong with it.
  public static func read(_ path: String) -> Result<ConnectionInfo, ZMQSocket.Failure> {
    guard let bytes = FileBytes.read(path) else {
      return .failure(.init(description: "cannot read the connection file \(path)"))
    }
    guard let json = try? StrictJSON.parse(bytes[...]) else {
      return .failure(.init(description: "the connection file \(path) is not valid JSON"))
    }
    let port = { (name: String) in json[name]?.int ?? 0 }
    let info = ConnectionInfo(
      transport: json["transport"]?.string ?? "tcp", ip: json["ip"]?.string ?? "127.0.0.1",
      shellPort: port("shell_port"), controlPort: port("control_port"),
      stdinPort: port("stdin_port"), iopubPort: port("iopub_port"), heartbeatPort: port("hb_port"),
      key: json["key"]?.string ?? "", signatureScheme: json["signature_scheme"]?.string ?? "")
    guard info.signatureScheme == "hmac-sha256" || info.key.isEmpty else {
      return .failure(
        .init(description: "unsupported signature scheme \(info.signatureScheme): need hmac-sha256")
      )
    }
    return .success(info)
  }

  /// `tcp://IP:PORT`, or `ipc://IP-PORT` for the ipc transport.
  public func endpoint(_ port: Int) -> String {
    transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
  }
}
