/// A signed network proof (seed 002): a compact JWS, `alg` EdDSA, `typ` `proof+jwt`, valid one
/// hour, verifiable offline with the public keys at the JWKS endpoint.
public enum ProofIssuer {
    /// Lifetime of a proof in seconds.
    public static let lifetime: Int64 = 3600

    /// A signed proof and what the response reports about it.
    public struct Proof: Sendable {
        public let token: String
        public let kid: String
        public let issuedAt: Int64
        public let expiresAt: Int64
    }

    /// The key proofs are signed with: the EdDSA key named by `GATEHOUSE_PROOF_KEY_ID` when set
    /// (published in the JWKS like every signing key), else the newest active EdDSA key.
    public static func key(_ configuration: Configuration, now: Int64) -> SigningKey? {
        guard let keys = configuration.signingKeys else { return nil }
        if let kid = configuration.proofKeyID {
            return keys.keys.first { $0.kid == kid && $0.algorithm == .edDSA }
        }
        return keys.signingKey(at: now / 1000, algorithm: .edDSA)
    }

    /// Signs a proof that `subject` (of `subjectType`) belongs to `platform`.
    public static func issue(
        subject: String, subjectType: String, platform: String, configuration: Configuration, now: Int64
    ) throws -> Proof {
        guard let key = key(configuration, now: now) else { throw GatehouseError.unavailable("No EdDSA proof key") }
        let issuedAt = now / 1000
        let claims: JSONObject = [
            "iss": .string(configuration.issuer), "sub": .string(subject), "sub_type": .string(subjectType),
            "platform_id": .string(platform), "iat": .integer(issuedAt), "nbf": .integer(issuedAt),
            "exp": .integer(issuedAt + lifetime), "jti": .string(Base62.random(count: 22)),
        ]
        let token = try JWTSigner.sign(claims: claims, type: "proof+jwt", key: key)
        return Proof(token: token, kid: key.kid, issuedAt: issuedAt * 1000, expiresAt: (issuedAt + lifetime) * 1000)
    }
}
