/// One key of a ``PublishedKeySet``: its public JWK and what the configuration checks need.
public struct PublishedKey: Sendable {
    /// The key identifier.
    public let kid: String
    /// The one algorithm the key signs with.
    public let algorithm: JWSAlgorithm
    /// The public JWK, as the JWKS publishes it (never a private member or `nbf`).
    public let jwk: JSONObject

    init(kid: String, algorithm: JWSAlgorithm, jwk: JSONObject) {
        self.kid = kid
        self.algorithm = algorithm
        self.jwk = jwk
    }

    /// The public JWK of `key`.
    init(of key: VerificationKey) {
        self.init(kid: key.kid, algorithm: key.algorithm, jwk: key.publicJWK())
    }
}
