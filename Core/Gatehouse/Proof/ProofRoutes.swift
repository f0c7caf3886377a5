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

/// The `proof` function. Both routes take their caller from the shared authenticator, so every
/// credential of SPEC §3 works (and is refused) exactly as on every other route.
public enum ProofRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .proof: proof,
        .agentProof: agentProof,
    ]

    /// `GET /v1/proof` (any principal) →
    /// `{"proof","subject","subject_type","platform_id","issued_at","expires_at","kid"}`.
    static func proof(_ request: Request, _ context: RequestContext) throws -> Response {
        let principal = try context.requirePrincipal()
        return try response(
            subjectField: "subject", principal: principal, context: context,
            extra: ["subject_type": .string(principal.subjectType.rawValue)])
    }

    /// `GET /v1/agents/me/proof` (agent key only, seed 002) →
    /// `{"proof","agent_id","platform_id","issued_at","expires_at","kid"}`; any other credential
    /// is authenticated but refused (403 `forbidden`, reason `agent_key_required`).
    static func agentProof(_ request: Request, _ context: RequestContext) throws -> Response {
        let principal = try context.requirePrincipal()
        try ProofPolicy.requireAgent(principal)
        return try response(subjectField: "agent_id", principal: principal, context: context, extra: [:])
    }

    /// Signs a proof for the principal (its tenant is the `platform_id`) and answers it.
    static func response(
        subjectField: String, principal: Principal, context: RequestContext, extra: JSONObject
    ) throws -> Response {
        let proof = try ProofIssuer.issue(
            subject: principal.subject, subjectType: principal.subjectType.rawValue, platform: principal.tenantID,
            configuration: context.configuration, now: context.now)
        var body: JSONObject = [
            "proof": .string(proof.token), subjectField: .string(principal.subject),
            "platform_id": .string(principal.tenantID),
            "issued_at": .string(Timestamp.iso8601(milliseconds: proof.issuedAt)),
            "expires_at": .string(Timestamp.iso8601(milliseconds: proof.expiresAt)), "kid": .string(proof.kid),
        ]
        for (name, value) in extra.members { body[name] = value }
        return .json(200, .object(body), headers: ["Cache-Control": "no-store"])
    }
}

/// The pure rules of the proof routes.
public enum ProofPolicy {
    /// Refuses every principal but an agent authenticated by its agent key (403 `forbidden`,
    /// `details.reason` `agent_key_required`): `/v1/agents/me/proof` speaks for the agent itself.
    public static func requireAgent(_ principal: Principal) throws(GatehouseError) {
        guard principal.credentialType == .agentKey, principal.subjectType == .agent else {
            throw GatehouseError.forbidden(
                "This route needs an agent key (x-agent-key)", reason: "agent_key_required")
        }
    }
}
