/// One key of a ``PublishedKeySet``: its public JWK and what the configuration checks need.
public struct PublishedKey: Sendable {
    /// The key identifier.
    public let kid: String
    /// The one algorithm the key signs with.
    public let algorithm: JWSAlgorithm
    /// The public JWK, as the JWKS publishes it (never a private member or `nbf`).
    public let jwk: JSONObject
}
