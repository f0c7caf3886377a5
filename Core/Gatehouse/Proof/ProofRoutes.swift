
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
    static func proof(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        return try response(
            subjectField: "subject", principal: principal, context: context,
            extra: ["subject_type": .string(principal.subjectType.rawValue)])
    }

    /// `GET /v1/agents/me/proof` (agent key only, seed 002) →
    /// `{"proof","agent_id","platform_id","issued_at","expires_at","kid"}`; any other credential
    /// is authenticated but refused (403 `forbidden`, reason `agent_key_required`).
    static func agentProof(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        try ProofPolicy.requireAgent(principal)
        return try response(subjectField: "agent_id", principal: principal, context: context, extra: [:])
    }

    /// Signs a proof for the principal (its tenant is the `platform_id`) and answers it.
    static func response(
        subjectField: String, principal: Principal, context: HandlerContext, extra: JSONObject
    ) throws -> APIResponse {
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
