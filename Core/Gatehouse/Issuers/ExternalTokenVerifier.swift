/// Verifies a token of a trusted external issuer under SPEC §5's rules, as Gatehouse's own tokens
/// are: at most 8 KiB; canonical base64url; no duplicate members; no `crit`, `jwk`, `jku`, `x5u`
/// or `x5c` header (the thumbprint hints `x5t`/`x5t#S256`, which Entra sends, choose no key and are
/// ignored); `alg` not `none` and one of the issuer's algorithms, checked before any key is looked
/// up or fetched; the key found by `kid` (HS256: the configured secret, never a JWK Set key, so a
/// public key can never be used as an HMAC secret); the header's `alg` equal to that key's; then
/// `iss`, the audience, `exp`, `nbf` and `iat` with 60 s of leeway.
enum ExternalTokenVerifier {
    /// Seconds of clock skew allowed, as for Gatehouse's own tokens.
    static let leeway: Int64 = 60
    /// The longest token looked at.
    static let maxTokenLength = 8192
    /// Header members refused in external tokens.
    static let refusedHeaderMembers = ["crit", "jwk", "jku", "x5u", "x5c"]

    /// The verified claims of `token` from `issuer` at `now` (Unix ms).
    static func claims(
        of token: String, issuer: TrustedIssuer, redis: RedisClient, mode: Configuration.Mode, now: Int64
    ) throws(TokenError) -> JSONObject {
        let verified = try CompactJWS.verify(
            token, maxLength: maxTokenLength, expectedType: nil, refusing: refusedHeaderMembers
        ) { kid, alg throws(TokenError) in
            guard let algorithm = JWSAlgorithm(rawValue: alg), issuer.algorithms.contains(algorithm) else {
                throw TokenError(.disallowedAlgorithm)
            }
            if algorithm == .hs256 {
                guard let secret = issuer.sharedSecret else { throw TokenError(.disallowedAlgorithm) }
                return secret
            }
            guard let kid else { throw TokenError(.missingKeyID) }
            switch issuer.keySource {
            case .keys(let keys):
                guard let key = keys.first(where: { $0.kid == kid }) else { throw TokenError(.unknownKeyID) }
                return key
            case .url(let url):
                return try IssuerKeyCache.key(kid: kid, issuer: issuer, url: url, redis: redis, mode: mode, now: now)
            case nil:
                throw TokenError(.unknownKeyID)
            }
        }
        return try JWTVerifier.claims(
            of: verified.payload, issuer: issuer.issuer, audiences: issuer.audiences,
            audienceClaim: issuer.audienceClaim, leeway: leeway, now: now / 1000)
    }
}
