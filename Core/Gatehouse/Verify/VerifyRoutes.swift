/// The `verify` function: the shared authenticator as a gateway authorizer (SPEC §4 verify) for
/// nginx `auth_request`, Traefik ForwardAuth and Envoy ext_authz, plus RFC 7662 introspection.
public enum VerifyRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .verify: verify,
        .verifyPost: verify,
        .introspect: introspect,
    ]

    /// `GET|POST /v1/verify[?scope=…][&resource=…]`: 200 with the principal as JSON and `X-Auth-*`
    /// headers; 401, 403 (`missing_scope` with an `insufficient_scope` challenge naming every
    /// required scope, `app_mismatch`) or 429 otherwise. The token's `aud` must be the guarded
    /// resource's (``VerifyChallenge``), checked by the authenticator.
    static func verify(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        if let required = try requiredScopes(request),
            let missing = principal.effectiveScopes.missing(from: required).first
        {
            throw VerifyChallenge.insufficientScope(
                missing: missing, required: required, request, context.configuration)
        }
        var headers = context.rateLimit?.headers ?? [:]
        headers.set("Cache-Control", "no-store")
        for (name, value) in authHeaders(principal) { headers.set(name, value) }
        return .json(200, .object(principal.json), headers: headers)
    }

    /// The scopes a gateway asks for, all of them required: `?scope=` or `X-Required-Scope`,
    /// space-separated (400 when one is not a scope).
    static func requiredScopes(_ request: APIRequest) throws -> ScopeSet? {
        let fromQuery = request.queryItems?.first { $0.name == "scope" }?.value
        guard let text = fromQuery ?? request.headers["x-required-scope"]?.trimmingASCIIWhitespace(), !text.isEmpty
        else {
            return nil
        }
        guard let scopes = ScopeSet(parsing: text), !scopes.isEmpty else {
            throw GatehouseError.invalidRequest("The required scope is not a resource:action scope")
        }
        return scopes
    }

    /// The headers a gateway copies to the upstream.
    public static func authHeaders(_ principal: Principal) -> [(String, String)] {
        var headers = [
            ("X-Auth-Tenant", principal.tenantID), ("X-Auth-Subject", principal.subject),
            ("X-Auth-Subject-Type", principal.subjectType.rawValue),
            ("X-Auth-Scopes", principal.effectiveScopes.description),
            ("X-Auth-Credential-Type", principal.credentialType.rawValue),
        ]
        if let app = principal.appID { headers.append(("X-Auth-App-Id", app)) }
        if let key = principal.keyID { headers.append(("X-Auth-Key-Id", key)) }
        return headers
    }

    /// `POST /oauth/introspect token=…` (RFC 7662): the caller authenticates with its own
    /// credential; a token of another tenant, or any token that does not authenticate (a revoked
    /// OAuth grant included), is `{"active": false}`. Access tokens add `aud`, `exp`, `iat`, their
    /// `client_id` and `token_type` `Bearer`.
    static func introspect(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let caller = try context.requirePrincipal()
        let form = try RequestBody.form(request)
        let tokens = form.filter { $0.name == "token" }
        guard tokens.count == 1, let token = tokens.first?.value, !token.isEmpty else {
            throw GatehouseError.invalidRequest("token is required, once")
        }
        let probe = APIRequest(method: "POST", path: "/oauth/introspect", headers: ["Authorization": "Bearer " + token])
        var body: JSONObject = ["active": false]
        if let authenticated = try? Authenticator.authenticate(
            probe, configuration: context.configuration, redis: context.redis, now: context.now, countLimits: false,
            audiences: context.configuration.audiences),
            authenticated.principal.tenantID == caller.tenantID
        {
            let principal = authenticated.principal
            body = [
                "active": true, "sub": .string(principal.subject),
                "scope": .string(principal.effectiveScopes.description),
                "client_id": principal.keyID.map(JSONValue.string) ?? .null,
                "token_type": .string(principal.credentialType.rawValue), "tid": .string(principal.tenantID),
                "iss": .string(context.configuration.issuer), "subject_type": .string(principal.subjectType.rawValue),
                "is_test": .bool(principal.isTest),
            ]
            if principal.credentialType == .accessToken, let claims = context.configuration.accessTokenClaims(token, now: context.now) {
                for name in ["aud", "exp", "iat", "client_id"] { body[name] = claims[name] ?? .null }
                body["token_type"] = "Bearer"
            }
        }
        return .json(200, .object(body), headers: ["Cache-Control": "no-store", "Pragma": "no-cache"])
    }
}
