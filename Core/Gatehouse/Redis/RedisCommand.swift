internal import Crypto

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
