/// A key has one purpose (SPEC §5): access tokens are signed and verified only with keys of the
/// configured access-token algorithm and never with the proof key, so a proof key cannot mint or
/// pass for an access token.
extension Configuration {
    /// The keys that sign and verify access tokens; nil without signing keys.
    public var accessTokenKeys: JWKSet? {
        guard let signingKeys else { return nil }
        let purpose = signingKeys.keys.filter { $0.algorithm == accessTokenAlgorithm && $0.kid != proofKeyID }
        // A subset of a set whose kids are distinct has distinct kids: this cannot throw.
        return try! JWKSet(keys: purpose)
    }
}

extension Configuration {
    /// The public halves of every signing key, as the JWKS publishes them; nil without signing keys.
    public var publishedKeys: PublishedKeySet? {
        publicKeyHalves ?? signingKeys.map(PublishedKeySet.init(publishing:))
    }
}
