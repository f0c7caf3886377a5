extension JWTVerifier {
    /// The claims of `token` if it passes every check at time `now`, with an `aud` naming any of
    /// `audiences` (the resources a token may be meant for, RFC 8707) instead of ``audience``.
    public func verify(_ token: String, now: Int64, audiences: [String]) throws(TokenError) -> JSONObject {
        let verified = try CompactJWS.verify(
            token, keys: keys, maxLength: maxTokenLength,
            expectedType: CompactJWS.normalizedMediaType(expectedType))
        return try Self.claims(of: verified.payload, issuer: issuer, audiences: audiences, leeway: leeway, now: now)
    }
}
