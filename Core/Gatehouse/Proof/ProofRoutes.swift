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

/// The `proof` function.
///
/// `GET /v1/proof` accepts, until the shared authenticator lands, a session cookie or an access
/// token issued here (`Authorization: Bearer <jwt>`, checked with ``JWTVerifier``).
/// `GET /v1/agents/me/proof` (agent keys) waits for that authenticator and is not served yet.
public enum ProofRoutes {
    /// Every route of the function.
    public static let table = RouteTable([
        Route("GET", "/v1/proof", function: "proof", handler: proof)
    ])

    /// `GET /v1/proof` → `{"proof","subject","platform_id","issued_at","expires_at","kid"}`.
    static func proof(_ request: Request, _ context: RequestContext) throws -> Response {
        let (subject, subjectType, platform) = try caller(request, context)
        let proof = try ProofIssuer.issue(
            subject: subject, subjectType: subjectType, platform: platform, configuration: context.configuration,
            now: context.now)
        return .json(
            200,
            [
                "proof": .string(proof.token), "subject": .string(subject), "platform_id": .string(platform),
                "issued_at": .string(Timestamp.iso8601(milliseconds: proof.issuedAt)),
                "expires_at": .string(Timestamp.iso8601(milliseconds: proof.expiresAt)), "kid": .string(proof.kid),
            ], headers: ["Cache-Control": "no-store"])
    }

    /// Who asks: `(subject, subject type, platform)` from a bearer access token or the session cookie.
    static func caller(_ request: Request, _ context: RequestContext) throws -> (String, String, String) {
        if let authorization = request.headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).asciiLowercased == "bearer",
                let keys = context.configuration.signingKeys
            else { throw GatehouseError.authentication("Invalid or missing access token") }
            let verifier = JWTVerifier(
                keys: keys, issuer: context.configuration.issuer, audience: context.configuration.audience)
            guard let claims = try? verifier.verify(parts[1].trimmingASCIIWhitespace(), now: context.nowSeconds),
                let subject = claims["sub"]?.stringValue, let tenant = claims["tid"]?.stringValue
            else { throw GatehouseError.authentication("Invalid or missing access token") }
            return (subject, tenant == TenantKeys.platform.tenant ? "platform_admin" : "user", tenant)
        }
        let (_, subject) = try SessionAuthentication.require(request, context)
        switch subject {
        case .user(let user): return (user.id, "user", user.tenant)
        case .admin(let admin): return (admin.id, "platform_admin", TenantKeys.platform.tenant)
        }
    }
}
