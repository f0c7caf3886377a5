/// An identity provider whose tokens the authenticator accepts (SPEC §5 "External issuers"):
/// Supabase, Auth0, Cognito, Keycloak, Entra…, with its keys, algorithms and mapping.
public struct TrustedIssuer: Sendable {
    /// Where the issuer's public keys come from.
    public enum KeySource: Sendable {
        /// Keys read at start-up from an inline JWK Set or a file.
        case keys([VerificationKey])
        /// An `https` JWKS URL, fetched when a token needs it and cached in Redis
        /// (``IssuerKeyCache``).
        case url(String)
    }

    /// The exact `iss` of its tokens.
    public let issuer: String
    /// The audiences accepted: the token's audience claim must name one of them.
    public let audiences: [String]
    /// The claim holding the audience: `aud`, or e.g. `client_id` for Cognito access tokens.
    public let audienceClaim: ClaimPath
    /// The asymmetric keys, when the issuer has any.
    public let keySource: KeySource?
    /// The HS256 secret of an issuer that signs with one (legacy Supabase projects); tokens without
    /// a `kid` are checked with it.
    public let sharedSecret: VerificationKey?
    /// The algorithms its tokens may use; anything else is refused before any key is looked up.
    public let algorithms: Set<JWSAlgorithm>
    /// Claims → principal.
    public let mapping: IssuerMapping

    /// An issuer.
    public init(
        issuer: String, audiences: [String], audienceClaim: ClaimPath, keySource: KeySource?,
        sharedSecret: VerificationKey?, algorithms: Set<JWSAlgorithm>, mapping: IssuerMapping
    ) {
        self.issuer = issuer
        self.audiences = audiences
        self.audienceClaim = audienceClaim
        self.keySource = keySource
        self.sharedSecret = sharedSecret
        self.algorithms = algorithms
        self.mapping = mapping
    }
}
