internal import Crypto

/// A Gatehouse secret credential in its textual form: `ak_live_…`, `ak_test_…` (API keys),
/// `agk_live_…`, `agk_test_…` (agent keys) or `sk_live_…` (platform secrets).
///
/// The format is `<kind>_<environment>_` + 30 random base62 characters (178 bits) + 6 base62
/// characters of CRC-32 over everything before them. ``parse(_:)`` checks it offline, so a
/// malformed or mistyped key is refused before any lookup, and a leaked key is recognisable by
/// secret scanners. Only the SHA-256 ``hash`` is ever stored; the text is shown once.
public struct APIKey: Sendable, Equatable, CustomStringConvertible {
    /// What the secret authenticates.
    public enum Kind: String, Sendable, CaseIterable {
        case apiKey = "ak"
        case agentKey = "agk"
        case platformSecret = "sk"
    }

    /// The kind of credential.
    public let kind: Kind
    /// Whether this is a test-mode credential (`…_test_…`).
    public let isTest: Bool
    /// The full secret text.
    public let text: String

    /// Random characters in a generated secret.
    public static let randomLength = 30
    /// Checksum characters at the end.
    public static let checksumLength = 6
    /// Characters kept as the display prefix.
    public static let displayPrefixLength = 14

    /// A new random secret.
    public static func generate(_ kind: Kind = .apiKey, test: Bool = false) -> APIKey {
        let body = "\(kind.rawValue)_\(test ? "test" : "live")_" + Base62.random(count: randomLength)
        let text = body + Base62.encode(CRC32.checksum(body.utf8), width: checksumLength)
        return APIKey(kind: kind, isTest: test, text: text)
    }

    /// A key parsed from text if its format and checksum are right, else nil. No I/O.
    public static func parse(_ text: some StringProtocol) -> APIKey? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 128 else { return nil }
        for kind in Kind.allCases {
            for test in [false, true] where !(kind == .platformSecret && test) {
                let prefix = Array("\(kind.rawValue)_\(test ? "test" : "live")_".utf8)
                guard bytes.starts(with: prefix) else { continue }
                let rest = bytes[prefix.count...]
                guard rest.count == randomLength + checksumLength, Base62.isBase62(rest) else { return nil }
                let bodyEnd = bytes.count - checksumLength
                let expected = Array(Base62.encode(CRC32.checksum(bytes[..<bodyEnd]), width: checksumLength).utf8)
                guard ConstantTime.equals(bytes[bodyEnd...], expected) else { return nil }
                return APIKey(kind: kind, isTest: test, text: String(text))
            }
        }
        return nil
    }

    /// The SHA-256 of the whole secret, the only form ever stored.
    public var hash: [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    /// The lower-case hex of ``hash``, as used in storage keys.
    public var hashHex: String { Hex.encode(hash) }

    /// The first characters, safe to show and log (`ak_live_3kF9aZ`).
    public var displayPrefix: String { String(text.prefix(Self.displayPrefixLength)) }

    /// Never the secret.
    public var description: String { "\(displayPrefix)…" }
}

extension Hex {
    /// The hex SHA-256 of a string, for storage keys built from caller-chosen text.
    public static func encodeSHA256(_ text: String) -> String { encode(SHA256.hash(data: Array(text.utf8))) }
}
