/// The credential a request carries, read from its headers without any I/O (SPEC §3).
public enum PresentedCredential: Sendable, Equatable {
    /// An `ak_…` key from `Authorization: Bearer` or `X-API-Key`, with `x-api-key-id` if sent.
    case apiKey(APIKey, keyID: String?)
    /// An `agk_…` key from `x-agent-key` (or `Authorization: Bearer`).
    case agentKey(APIKey)
    /// `x-platform-id` + `x-platform-secret`.
    case platform(id: String, secret: APIKey)
    /// A compact JWS from `Authorization: Bearer`.
    case accessToken(String)
    /// The session cookie of an OTP login (`ghs_…`), counted only when the request carries no
    /// other credential header.
    case session(OpaqueToken)

    /// The secret whose hash finds the stored credential; nil for access tokens.
    public var secret: APIKey? {
        switch self {
        case .apiKey(let key, _), .agentKey(let key): key
        case .platform(_, let secret): secret
        case .accessToken, .session: nil
        }
    }

    /// The credential type this presentation claims.
    public var credentialType: Principal.CredentialType {
        switch self {
        case .apiKey: .apiKey
        case .agentKey: .agentKey
        case .platform: .platformCredential
        case .accessToken: .accessToken
        case .session: .session
        }
    }

    /// The credential of a request; nil when it carries none. A credential that is present but
    /// malformed is refused here (401) before any lookup. `Authorization` wins over every other
    /// header; the session cookie counts only when no credential header is present at all.
    ///
    /// - Parameter sessionCookie: the value of the request's session cookie
    ///   (`Configuration.cookieName`), if it sent one.
    public static func from(
        _ headers: HeaderFields, sessionCookie: String? = nil
    ) throws(GatehouseError) -> PresentedCredential? {
        if let authorization = headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).asciiLowercased == "bearer" else {
                throw GatehouseError.authentication()
            }
            let text = parts[1].trimmingASCIIWhitespace()
            if let key = APIKey.parse(text) {
                switch key.kind {
                case .apiKey: return .apiKey(key, keyID: keyID(headers))
                case .agentKey: return .agentKey(key)
                case .platformSecret: throw GatehouseError.authentication()
                }
            }
            guard looksLikeJWS(text) else { throw GatehouseError.authentication() }
            return .accessToken(text)
        }
        let platformID = headers["x-platform-id"]?.trimmingASCIIWhitespace()
        let platformSecret = headers["x-platform-secret"]?.trimmingASCIIWhitespace()
        if platformID != nil || platformSecret != nil {
            guard let platformID, Identifier.isObjectID(platformID), let platformSecret,
                let secret = APIKey.parse(platformSecret), secret.kind == .platformSecret
            else { throw GatehouseError.authentication() }
            return .platform(id: platformID, secret: secret)
        }
        if let agent = headers["x-agent-key"] {
            guard let key = APIKey.parse(agent.trimmingASCIIWhitespace()), key.kind == .agentKey else {
                throw GatehouseError.authentication()
            }
            return .agentKey(key)
        }
        if let header = headers["x-api-key"] {
            guard let key = APIKey.parse(header.trimmingASCIIWhitespace()), key.kind == .apiKey else {
                throw GatehouseError.authentication()
            }
            return .apiKey(key, keyID: keyID(headers))
        }
        if let sessionCookie {
            guard let token = OpaqueToken.parse(sessionCookie, as: .session) else {
                throw GatehouseError.authentication(sessionMessage)
            }
            return .session(token)
        }
        return nil
    }

    /// The message of a refused session cookie.
    public static let sessionMessage = "No valid session"

    private static func keyID(_ headers: HeaderFields) -> String? {
        headers["x-api-key-id"]?.trimmingASCIIWhitespace()
    }

    /// Three base64url segments separated by dots, within the verifier's size limit.
    static func looksLikeJWS(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= 8192, bytes.filter({ $0 == UInt8(ascii: ".") }).count == 2 else { return false }
        return bytes.allSatisfy {
            (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D
                || $0 == 0x5F || $0 == 0x2E
        }
    }
}
