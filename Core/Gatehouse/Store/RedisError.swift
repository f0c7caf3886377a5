/// A failure talking to Redis. Descriptions are short and never hold command arguments or secrets.
///
/// Rule for server error replies: ``RedisClient/command(_:)`` and ``RedisClient/evaluate(_:keys:arguments:)``
/// throw them as kind ``Kind/server``; pipelines return them in place as ``RedisReply/error(_:)``.
/// Every other kind means Redis could not be used (fail closed, SPEC §6): see ``isUnavailable``.
public struct RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// Could not connect, authenticate or select the database, or the connection broke.
        case connection
        /// Connecting or waiting for a reply took longer than the configured timeout.
        case timeout
        /// Redis sent something the client could not understand (or a redirect loop).
        case `protocol`
        /// Redis answered the command with an error reply.
        case server
    }

    /// What went wrong.
    public let kind: Kind
    /// A short, secret-free detail: an OS error text, an endpoint, or a server error code.
    public let detail: String
    /// For ``Kind/server``: the full error reply. It can quote command arguments: never log it.
    public let serverMessage: String?

    private init(kind: Kind, detail: String, serverMessage: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.serverMessage = serverMessage
    }

    /// Redis is unreachable, too slow or unintelligible: the caller must answer 503, never succeed.
    public var isUnavailable: Bool { kind != .server }

    /// `redis <kind>: <detail>`, safe to log.
    public var description: String { "redis \(kind.rawValue): \(detail)" }

    /// The connection could not be made or broke.
    public static func connection(_ detail: String) -> RedisError { RedisError(kind: .connection, detail: detail) }

    /// A connect or command timeout.
    public static func timeout(_ detail: String) -> RedisError { RedisError(kind: .timeout, detail: detail) }

    /// A reply the client could not understand.
    public static func `protocol`(_ detail: String) -> RedisError { RedisError(kind: .protocol, detail: detail) }

    /// An error reply; only its code (`ERR`, `WRONGTYPE`, `NOSCRIPT`…) goes into the description.
    public static func server(_ message: String) -> RedisError {
        RedisError(kind: .server, detail: errorCode(of: message), serverMessage: message)
    }

    /// The leading upper-case word of an error reply, or `ERR` when there is none.
    static func errorCode(of message: String) -> String {
        let word = message.prefix { $0 != " " }
        let isCode =
            !word.isEmpty && word.count <= 32
            && word.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        return isCode ? String(word) : "ERR"
    }
}
