internal import Crypto

/// The opaque secrets of sessions and refresh tokens: `ghs_` (session cookie) or `ghr_` (refresh
/// token), the tenant id (or `_platform` for administrators), a dot, and 256 random bits in
/// base64url. The tenant part routes the lookup to the tenant's keys in one round trip; it is not
/// secret. Only the SHA-256 of the whole text is stored.
public struct OpaqueToken: Sendable, Equatable, CustomStringConvertible {
    /// What the token is.
    public enum Kind: String, Sendable {
        case session = "ghs_"
        case refresh = "ghr_"
        /// An OAuth authorization code (single use, minutes at most).
        case authorizationCode = "ghc_"
    }

    public let kind: Kind
    /// The tenant id, or `_platform`.
    public let tag: String
    /// The whole text: never log it.
    public let text: String

    /// Characters of the random part.
    static let secretLength = 43

    /// A new random token.
    public static func generate(_ kind: Kind, tag: String) -> OpaqueToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return OpaqueToken(kind: kind, tag: tag, text: kind.rawValue + tag + "." + Base64URL.encode(bytes))
    }

    /// A token whose random part is derived from 32 bytes (a rotated refresh token's child).
    static func derived(_ kind: Kind, tag: String, bytes: [UInt8]) -> OpaqueToken {
        OpaqueToken(kind: kind, tag: tag, text: kind.rawValue + tag + "." + Base64URL.encode(bytes))
    }

    /// Parses a token of a kind; nil for anything malformed (no I/O).
    public static func parse(_ text: String, as kind: Kind) -> OpaqueToken? {
        guard text.utf8.count <= 160, text.hasPrefix(kind.rawValue) else { return nil }
        let rest = text.dropFirst(kind.rawValue.count)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let tag = String(rest[..<dot])
        let secret = rest[rest.index(after: dot)...]
        guard tag == TenantKeys.platform.tenant || Identifier.isTenant(tag), secret.utf8.count == secretLength,
            Base64URL.decode(secret)?.count == 32
        else { return nil }
        return OpaqueToken(kind: kind, tag: tag, text: text)
    }

    /// The storage keys of the token's tenant (or the platform's).
    public var keys: TenantKeys { TenantKeys(tag) }

    /// The lower-case hex SHA-256 of the text, the only stored form.
    public var hashHex: String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }

    /// Never the secret.
    public var description: String { kind.rawValue + tag + ".…" }
}
