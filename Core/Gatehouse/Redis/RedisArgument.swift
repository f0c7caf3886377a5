/// One argument of a Redis command, sent binary-safe.
///
/// Write string literals directly (`["GET", .string(key)]`); integers are sent in decimal.
public enum RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A string sent as its UTF-8 bytes.
    case string(String)
    /// Raw bytes, sent as they are (may hold NUL).
    case bytes([UInt8])
    /// An integer sent in decimal.
    case integer(Int64)

    /// A string argument.
    public init(stringLiteral value: String) { self = .string(value) }

    /// A decimal integer argument.
    public init(integerLiteral value: Int64) { self = .integer(value) }

    /// A decimal integer argument.
    public init(_ value: Int) { self = .integer(Int64(value)) }

    /// A decimal integer argument.
    public init(_ value: Int64) { self = .integer(value) }

    /// A string argument.
    public init(_ value: String) { self = .string(value) }

    /// A raw-bytes argument.
    public init(_ value: [UInt8]) { self = .bytes(value) }

    /// The bytes that go on the wire.
    var wireBytes: [UInt8] {
        switch self {
        case .string(let text): return Array(text.utf8)
        case .bytes(let bytes): return bytes
        case .integer(let number): return Array(String(number).utf8)
        }
    }
}
