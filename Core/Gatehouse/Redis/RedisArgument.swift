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

    /// Appends the argument as a RESP bulk string: `$<length>\r\n<bytes>\r\n`.
    func appendBulkString(to buffer: inout [UInt8]) {
        switch self {
        case .string(var text):
            // Native Swift strings are contiguous UTF-8 already: one copy, no intermediate array.
            text.withUTF8 { bytes in
                Self.appendHeader(UInt8(ascii: "$"), bytes.count, to: &buffer)
                buffer.append(contentsOf: bytes)
            }
        case .bytes(let bytes):
            Self.appendHeader(UInt8(ascii: "$"), bytes.count, to: &buffer)
            buffer.append(contentsOf: bytes)
        case .integer(let number):
            let digits = (number < 0 ? 1 : 0) + Self.decimalDigits(number.magnitude)
            Self.appendHeader(UInt8(ascii: "$"), digits, to: &buffer)
            Self.appendDecimal(number, to: &buffer)
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// `commands` in the Redis protocol, each an array of bulk strings (`*<count>\r\n` then the
    /// arguments), back to back: what hiredis's `redisFormatCommandArgv` writes for each, built in
    /// one buffer so a pipeline is appended to the connection at once.
    static func encode(_ commands: [[RedisArgument]]) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(commands.reduce(0) { $0 + 16 + 24 * $1.count })
        for command in commands {
            appendHeader(UInt8(ascii: "*"), command.count, to: &buffer)
            for argument in command { argument.appendBulkString(to: &buffer) }
        }
        return buffer
    }

    /// `<marker><count>\r\n`.
    private static func appendHeader(_ marker: UInt8, _ count: Int, to buffer: inout [UInt8]) {
        buffer.append(marker)
        appendDecimal(Int64(count), to: &buffer)
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// How many decimal digits `magnitude` has (1 for 0).
    private static func decimalDigits(_ magnitude: UInt64) -> Int {
        var count = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// The decimal digits of `value`, with a leading `-` when negative.
    private static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude  // unsigned, so Int64.min has one too
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// The bytes that go on the wire.
    var wireBytes: [UInt8] {
        switch self {
        case .string(let text): return Array(text.utf8)
        case .bytes(let bytes): return bytes
        case .integer(let number): return Array(String(number).utf8)
        }
    }
}
