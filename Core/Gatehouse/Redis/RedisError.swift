/// A failure talking to Redis. Descriptions are short and never hold command arguments or secrets.
///
/// Rule for server error replies: ``RedisClient/command(_:)`` and ``RedisClient/evaluate(_:keys:arguments:)``
/// throw them as kind ``Kind/server``; pipelines return them in place as ``RedisReply/error(_:)``.
/// Every other kind, and a server error whose code says Redis is unwell rather than that the command
/// was wrong (``unavailableCodes``: loading, busy, out of memory, read-only, cluster down…), means
/// Redis could not be used (fail closed, SPEC §6): see ``isUnavailable``.
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

    /// Error codes by which a healthy command is refused because the server cannot serve it now:
    /// loading its data set (`LOADING`), running a slow script (`BUSY`), a replica without its
    /// master (`MASTERDOWN`) or refusing writes (`READONLY`), a cluster resharding or without
    /// coverage (`TRYAGAIN`, `CLUSTERDOWN`), at `maxmemory` under `noeviction` (`OOM`), unable to
    /// persist (`MISCONF`), short of replicas (`NOREPLICAS`), or a client unblocked by failover
    /// (`UNBLOCKED`). A retry later can succeed, so these are 503 with `Retry-After`, never 500.
    public static let unavailableCodes: Set<String> = [
        "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM", "MISCONF", "NOREPLICAS",
        "UNBLOCKED",
    ]

    /// Redis is unreachable, too slow, unintelligible or unwell: the caller must answer 503, never
    /// succeed.
    public var isUnavailable: Bool { kind != .server || Self.unavailableCodes.contains(detail) }

    /// A short class for logs and metrics: `timeout`, `connection`, `protocol`, or the server error
    /// code (`LOADING`, `OOM`, `ERR`…). Never holds a command argument.
    public var errorClass: String { kind == .server ? detail : kind.rawValue }

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

    /// The leading upper-case word of an error reply, or `ERR` when there is none. A script error
    /// that wraps the error of a command it called (`ERR Error running script … -OOM …`, as Redis
    /// before 7 words it) gives the wrapped code when it is one of ``unavailableCodes``.
    static func errorCode(of message: String) -> String {
        let word = message.prefix { $0 != " " }
        let isCode =
            !word.isEmpty && word.count <= 32
            && word.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        guard isCode else { return "ERR" }
        if word == "ERR", message.contains("script"),
            let wrapped = unavailableCodes.first(where: { message.contains("-\($0) ") })
        {
            return wrapped
        }
        return String(word)
    }
}
