/// A key has one purpose (SPEC §5): access tokens are signed and verified only with keys of the
/// configured access-token algorithm and never with the proof key, so a proof key cannot mint or
/// pass for an access token.
extension Configuration {
    /// The keys that sign access tokens; nil without signing keys.
    public var accessTokenKeys: JWKSet? {
        guard let signingKeys else { return nil }
        return JWKSet(distinct: signingKeys.keys.filter { isAccessTokenKey($0.kid, $0.algorithm) })
    }

    /// The keys that verify access tokens: those of ``accessTokenKeys``, or, in a process that
    /// only verifies, the same keys read without their private halves; nil without signing keys.
    public var accessTokenVerificationKeys: VerificationKeySet? {
        let all: [VerificationKey]
        if let signingKeys {
            all = signingKeys.keys.map(\.verificationKey)
        } else if let verificationKeyHalves {
            all = verificationKeyHalves.keys
        } else {
            return nil
        }
        return VerificationKeySet(distinct: all.filter { isAccessTokenKey($0.kid, $0.algorithm) })
    }

    private func isAccessTokenKey(_ kid: String, _ algorithm: JWSAlgorithm) -> Bool {
        algorithm == accessTokenAlgorithm && kid != proofKeyID
    }
}

extension Configuration {
    /// The public halves of every signing key, as the JWKS publishes them; nil without signing keys.
    public var publishedKeys: PublishedKeySet? {
        if let publicKeyHalves { return publicKeyHalves }
        if let signingKeys { return PublishedKeySet(publishing: signingKeys) }
        return verificationKeyHalves.map(PublishedKeySet.init(publishing:))
    }
}
