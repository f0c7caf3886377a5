/// Mints access tokens (SPEC §5): compact JWS, `typ` `at+jwt`, signed with the newest active key of
/// the configured algorithm.
public enum AccessTokenIssuer {
    /// A signed access token and when it expires.
    public struct IssuedToken: Sendable {
        /// The compact JWS.
        public let token: String
        /// Expiry, Unix milliseconds.
        public let expiresAt: Int64
        /// Lifetime in seconds.
        public let lifetime: Int64
        /// The granted scopes.
        public let scopes: ScopeSet

        /// The expiry in the ISO 8601 form the responses use.
        public var expiresAtText: String { Timestamp.iso8601(milliseconds: expiresAt) }
    }

    /// Signs a token for a subject (`audience` defaults to the configured one); 503 when no key of the configured algorithm is active yet.
    public static func issue(
        subject: String, tenant: String, scopes: ScopeSet, clientID: String?, actor: JSONObject? = nil,
        sessionID: String? = nil, isTest: Bool = false, audience: String? = nil, configuration: Configuration,
        now: Int64
    ) throws -> IssuedToken {
        let nowSeconds = now / 1000
        guard let keys = configuration.accessTokenKeys,
            let key = keys.signingKey(at: nowSeconds, algorithm: configuration.accessTokenAlgorithm)
        else { throw GatehouseError.unavailable("No active signing key") }
        let lifetime = configuration.accessTokenLifetime
        var claims: JSONObject = [
            "iss": .string(configuration.issuer), "aud": .string(audience ?? configuration.audience), "sub": .string(subject),
            "tid": .string(tenant), "scope": .string(scopes.description), "iat": .integer(nowSeconds),
            "nbf": .integer(nowSeconds), "exp": .integer(nowSeconds + lifetime),
            "jti": .string(Base62.random(count: 22)),
        ]
        if let clientID { claims["client_id"] = .string(clientID) }
        if let actor { claims["act"] = .object(actor) }
        if let sessionID { claims["sid"] = .string(sessionID) }
        if isTest { claims["test"] = .bool(true) }
        let token = try JWTSigner.sign(claims: claims, type: "at+jwt", key: key)
        return IssuedToken(token: token, expiresAt: (nowSeconds + lifetime) * 1000, lifetime: lifetime, scopes: scopes)
    }
}
