/// Verifies JWT access tokens issued by this service and returns their claims.
///
/// Checks, in order: length (before any other work), structure and canonical base64url, the
/// protected header (no duplicate members; no `crit`, `jwk`, `jku`, `x5u`, `x5c`, `x5t`, `x5t#S256`;
/// `alg` present, not `none` and equal to the algorithm of the key its `kid` names; `typ`), the
/// signature, and then the claims (no duplicate members; `iss`; `aud`; integer `exp` required,
/// `nbf` and `iat` optional, all judged with the leeway).
public struct JWTVerifier: Sendable {
    /// The keys whose signatures are accepted.
    public let keys: VerificationKeySet
    /// The required `iss`.
    public let issuer: String
    /// The audience `aud` must name (as the string, or as an element of the array).
    public let audience: String
    /// The required `typ`, compared case-insensitively with any `application/` prefix ignored.
    public let expectedType: String
    /// Seconds of clock skew allowed for `exp`, `nbf` and `iat`.
    public let leeway: Int64
    /// The longest token, in bytes, that is looked at.
    public let maxTokenLength: Int

    private let normalizedType: String

    /// A verifier for tokens from `issuer` meant for `audience`, signed by a key in `keys`.
    public init(
        keys: JWKSet,
        issuer: String,
        audience: String,
        expectedType: String = "at+jwt",
        leeway: Int64 = 60,
        maxTokenLength: Int = 8192
    ) {
        self.init(
            keys: keys.verificationKeys, issuer: issuer, audience: audience, expectedType: expectedType,
            leeway: leeway, maxTokenLength: maxTokenLength)
    }

    /// A verifier for tokens from `issuer` meant for `audience`, signed by a key in `keys`.
    public init(
        keys: VerificationKeySet,
        issuer: String,
        audience: String,
        expectedType: String = "at+jwt",
        leeway: Int64 = 60,
        maxTokenLength: Int = 8192
    ) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.expectedType = expectedType
        self.leeway = leeway
        self.maxTokenLength = maxTokenLength
        normalizedType = CompactJWS.normalizedMediaType(expectedType)
    }

    /// The claims of `token` if it passes every check at time `now` (seconds since the epoch).
    public func verify(_ token: String, now: Int64) throws(TokenError) -> JSONObject {
        let verified = try CompactJWS.verify(
            token,
            keys: keys,
            maxLength: maxTokenLength,
            expectedType: normalizedType
        )
        return try Self.claims(
            of: verified.payload, issuer: issuer, audiences: [audience], leeway: leeway, now: now)
    }

    /// The claims of a verified payload if they pass the checks every token gets, Gatehouse's or an
    /// external issuer's: no duplicate members, `iss` equal to `issuer`, an `aud` (or `audienceClaim`;
    /// string or array) naming one of `audiences`, an integer `exp` not past, and `nbf`/`iat` (integers when present)
    /// not ahead, each with `leeway` seconds.
    static func claims(
        of payload: [UInt8], issuer: String, audiences: [String], audienceClaim: ClaimPath = .audience,
        leeway: Int64, now: Int64
    ) throws(TokenError) -> JSONObject {
        let claims = try CompactJWS.object(payload, malformed: .malformedClaims, duplicate: .duplicateClaim)
        guard claims["iss"] == .string(issuer) else { throw TokenError(.wrongIssuer) }
        guard accepts(audienceClaim.value(in: claims), audiences: audiences) else { throw TokenError(.wrongAudience) }
        guard let expiry = try seconds(claims["exp"]) else { throw TokenError(.missingExpiry) }
        guard expiry > now.subtractingSaturating(leeway) else { throw TokenError(.expired) }
        if let notBefore = try seconds(claims["nbf"]), notBefore > now.addingSaturating(leeway) {
            throw TokenError(.notYetValid)
        }
        if let issuedAt = try seconds(claims["iat"]), issuedAt > now.addingSaturating(leeway) {
            throw TokenError(.issuedInFuture)
        }
        return claims
    }

    private static func accepts(_ value: JSONValue?, audiences: [String]) -> Bool {
        switch value {
        case .string(let single): audiences.contains(single)
        case .array(let list): list.contains { $0.stringValue.map(audiences.contains) ?? false }
        default: false
        }
    }

    /// A NumericDate claim, which must be an integer when present.
    private static func seconds(_ value: JSONValue?) throws(TokenError) -> Int64? {
        guard let value else { return nil }
        guard case .integer(let seconds) = value else { throw TokenError(.invalidTimeClaim) }
        return seconds
    }
}

extension Int64 {
    fileprivate func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    fileprivate func subtractingSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other > 0 ? .min : .max) : difference
    }
}
