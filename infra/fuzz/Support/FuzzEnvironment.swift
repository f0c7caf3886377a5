/// A process environment and a body read from fuzz input: NUL-separated `NAME=value` pairs, then the
/// body after an empty pair (pairs without `=` are skipped).
public struct FuzzEnvironment {
    /// The variables.
    public var variables: [String: String] = [:]
    /// The bytes standard input would hold.
    public var body: [UInt8] = []

    /// The environment and body `bytes` describe.
    public init(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard !part.isEmpty else {
                body = Array(parts[(index + 1)...].joined(separator: [0]))
                break
            }
            let text = String(decoding: part, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
    }
}
