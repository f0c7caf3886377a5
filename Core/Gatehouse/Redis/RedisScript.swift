internal import Crypto

/// A Lua script run with `EVALSHA`, falling back to `EVAL` when the server lacks it (`NOSCRIPT`).
///
/// Declare scripts as `static let` so the SHA-1 is computed once per process.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// The lower-case hex SHA-1 of ``source``, as `SCRIPT LOAD` returns it.
    public let sha1: String

    /// A script whose SHA-1 is already known, for the scripts on a function's start-up path: hashing
    /// costs a cold process more than the Redis round trip itself. `RedisScriptDigestTests` checks
    /// every such digest, so a changed script with a stale one cannot go unnoticed (and would still
    /// work, through the `EVAL` fallback, at the price of a round trip).
    public init(_ source: String, sha1: String) {
        self.source = source
        self.sha1 = sha1
    }

    /// A script with this source.
    public init(_ source: String) {
        self.source = source
        sha1 = Self.digest(source)
    }

    /// The lower-case hex SHA-1 of a source.
    static func digest(_ source: String) -> String {
        let digest = Insecure.SHA1.hash(data: Array(source.utf8))
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
