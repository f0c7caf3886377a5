extension Configuration {
    /// Every audience a token of this server may carry: the configured one (Gatehouse's own API)
    /// and each configured resource's identifier.
    public var audiences: [String] { [audience] + oauth.resources.map(\.uri) }
}

extension Configuration {
    /// The claims of one of this server's access tokens valid at `now` (Unix ms), whatever
    /// resource it was issued for; nil for anything else. No I/O: whether its grant still stands
    /// is the authenticator's question.
    public func accessTokenClaims(_ token: String, now: Int64) -> JSONObject? {
        guard let keys = accessTokenVerificationKeys else { return nil }
        let verifier = JWTVerifier(keys: keys, issuer: issuer, audience: audience)
        return try? verifier.verify(token, now: now / 1000, audiences: audiences)
    }
}
