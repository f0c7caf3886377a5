/// The `refresh` function: refresh-token rotation and the session-cookie exchange (SPEC §4
/// refresh). `POST /oauth/token` belongs to the `oauth` function, which hands
/// `grant_type=refresh_token` to ``oauthRefreshGrant(_:_:_:)``.
public enum RefreshRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .refresh: refresh,
        .sessionToken: sessionToken,
    ]

    /// The message of every refused refresh token.
    static let invalidMessage = "Invalid refresh token"

    /// `POST /v1/auth/refresh {"refresh_token"}` → a new access token and the next refresh token;
    /// 401 for anything refused.
    static func refresh(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let body = try RequestBody.jsonObject(request)
        guard let text = body["refresh_token"]?.stringValue else {
            throw GatehouseError.validation("refresh_token must be a string", field: "refresh_token")
        }
        let (token, next) = try exchange(text, clientID: SessionStore.firstPartyClient, request, context)
        return .json(
            200,
            [
                "access_token": .string(token.token), "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "expires_at": .string(token.expiresAtText), "refresh_token": .string(next.text),
            ], headers: ["Cache-Control": "no-store"])
    }

    /// `POST /oauth/token` with `grant_type=refresh_token` (RFC 6749 §6): `refresh_token` and, for an
    /// OAuth client, `client_id` (confidential clients authenticate); `scope` may narrow the grant's
    /// scopes (never widen: `invalid_scope`), `resource` must be the grant's (`invalid_target`).
    /// Errors in RFC 6749 form (400 `invalid_grant`).
    public static func oauthRefreshGrant(
        _ form: [(name: String, value: String)], _ request: APIRequest, _ context: HandlerContext
    ) throws
        -> APIResponse
    {
        func parameter(_ name: String) throws -> String? { try OAuthRoutes.single(name, in: form) }
        guard let text = try parameter("refresh_token") else {
            throw GatehouseError.invalidRequest("refresh_token is required")
        }
        let narrowing = try OAuthRoutes.narrowing(form, context.configuration)
        let caller = try OAuthClientAuthentication.authenticate(form, request, context, allowFirstParty: true)
        let (token, next) = try exchange(text, clientID: caller.id, narrowing: narrowing, request, context)
        return .json(
            200,
            [
                "access_token": .string(token.token), "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "refresh_token": .string(next.text), "scope": .string(token.scopes.description),
            ], headers: ["Cache-Control": "no-store", "Pragma": "no-cache"])
    }

    /// `POST /v1/auth/token`: the session cookie → `{"access_token","token_type","expires_in","expires_at"}`.
    static func sessionToken(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (session, subject) = try SessionAuthentication.require(request, context)
        let token = try subject.accessToken(
            sessionID: session.id, clientID: SessionStore.firstPartyClient, configuration: context.configuration,
            now: context.now)
        return .json(
            200,
            [
                "access_token": .string(token.token), "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "expires_at": .string(token.expiresAtText),
            ], headers: ["Cache-Control": "no-store"])
    }

    /// Presents a refresh token and signs the access token that goes with the next one.
    static func exchange(
        _ text: String, clientID: String, narrowing: RefreshNarrowing = .none, _ request: APIRequest,
        _ context: HandlerContext
    ) throws -> (
        AccessTokenIssuer.IssuedToken, OpaqueToken
    ) {
        guard let secret = context.configuration.serverSecret else {
            context.logger.critical("refresh is not configured: GATEHOUSE_SERVER_SECRET is required")
            throw GatehouseError.internal
        }
        let audit = AuditEvent(request: request, context: context, credentialType: "refresh_token")
        guard let presented = OpaqueToken.parse(text, as: .refresh) else {
            // No tenant to record it under: the unattributed stream.
            AuditLog.append(audit, redis: context.redis, logger: context.logger)
            throw GatehouseError.authentication(invalidMessage)
        }
        let (outcome, child) = try RefreshStore.present(
            presented, clientID: clientID, narrowing: narrowing, serverSecret: secret,
            graceSeconds: context.configuration.refreshGraceSeconds,
            now: context.now, audit: audit, redis: context.redis)
        switch outcome {
        case .rotated(_, let subject, let grant?), .retried(_, let subject, let grant?):
            let token = try grant.accessToken(
                for: subject, narrowed: narrowing.scopes, configuration: context.configuration, now: context.now)
            return (token, child)
        case .rotated(let session, let subject, nil), .retried(let session, let subject, nil):
            let token = try subject.accessToken(
                sessionID: session, clientID: clientID, configuration: context.configuration, now: context.now)
            return (token, child)
        case .reuseDetected:
            context.logger.warning("refresh token reuse: family revoked")
            throw GatehouseError.authentication(invalidMessage)
        case .clientMismatch, .invalid:
            throw GatehouseError.authentication(invalidMessage)
        case .scopeWidened:
            throw OAuthRoutes.invalidScope
        case .resourceMismatch:
            throw OAuthRoutes.invalidTarget("The refresh token was issued for another resource")
        }
    }
}
