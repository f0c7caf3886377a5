/// One reply from Redis (RESP2; RESP3 types, should a newer hiredis hand them over, map onto these).
public enum RedisReply: Sendable, Equatable {
    /// A bulk string: binary-safe bytes.
    case string([UInt8])
    /// A simple status such as `OK` or `PONG`.
    case status(String)
    /// An integer.
    case integer(Int64)
    /// An array (also RESP3 maps, flattened as key, value, key, value…, and sets).
    case array([RedisReply])
    /// A nil bulk string or nil array (a missing key).
    case null
    /// An error reply, the whole message as Redis sent it (for example `WRONGTYPE Operation…`).
    ///
    /// The message can quote command arguments (`ERR unknown command 'X', with args beginning
    /// with: …`), so it must not be logged; ``RedisError`` keeps only its code.
    case error(String)

    /// The text of a bulk string (decoded as UTF-8, nil if it is not valid UTF-8) or of a status.
    public var stringValue: String? {
        switch self {
        case .string(let bytes):
            // Most values are ASCII, which needs no validation beyond the check: the generic
            // validating initialiser costs ~900 instructions a string, and a sign-in decodes sixty.
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self)
        case .status(let text): return text
        default: return nil
        }
    }

    /// The bytes of a bulk string, or nil for any other reply.
    public var bytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    /// The value of an integer reply, or nil for any other reply (bulk strings are not parsed).
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements of an array reply, or nil for any other reply.
    public var arrayValue: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// True for a nil reply.
    public var isNull: Bool { self == .null }

    /// The message of an error reply, or nil for any other reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}
