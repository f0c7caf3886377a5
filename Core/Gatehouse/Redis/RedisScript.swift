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

/// One element of a pipeline: a plain command or a script evaluation.
public enum RedisCommand: Sendable, Hashable {
    /// A command and its arguments, for example `["HGET", key, "field"]`.
    case command([RedisArgument])
    /// A script run with `EVALSHA` (`EVAL` on `NOSCRIPT`) on these keys and arguments.
    case script(RedisScript, keys: [RedisArgument], arguments: [RedisArgument])

    /// The arguments as first sent: the command itself, or `EVALSHA sha numkeys keys… args…`.
    var firstAttempt: [RedisArgument] {
        switch self {
        case .command(let arguments):
            return arguments
        case .script(let script, let keys, let arguments):
            return ["EVALSHA", .string(script.sha1), RedisArgument(keys.count)] + keys + arguments
        }
    }

    /// False for a script whose keys lie in more than one hash slot (SPEC §8: every multi-key
    /// atomic step runs on one cluster node), which the client refuses in every mode.
    var keysShareOneSlot: Bool {
        guard case .script(_, let keys, _) = self, let first = keys.first else { return true }
        let slot = RedisKeySlot.slot(of: first.wireBytes)
        return keys.dropFirst().allSatisfy { RedisKeySlot.slot(of: $0.wireBytes) == slot }
    }

    /// For a script, `EVAL source numkeys keys… args…`; nil for a plain command.
    var evalFallback: [RedisArgument]? {
        guard case .script(let script, let keys, let arguments) = self else { return nil }
        return ["EVAL", .string(script.source), RedisArgument(keys.count)] + keys + arguments
    }
}
