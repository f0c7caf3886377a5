extension OAuthRoutes {
    /// The message of every refused code: which binding failed is not told.
    static let invalidCodeMessage = "Invalid authorization code"

    /// `POST /oauth/token` with `grant_type=authorization_code` (OAuth 2.1 §4.1.3): `code`,
    /// `code_verifier`, `redirect_uri` (required when the authorization request sent one),
    /// `resource` (optional; the code's) and the client's authentication. Two round trips: the client lookup, then the redemption script.
    static func authorizationCodeGrant(
        _ form: [(name: String, value: String)], _ request: APIRequest, _ context: HandlerContext
    ) throws -> APIResponse {
        guard let text = try single("code", in: form), !text.isEmpty else {
            throw GatehouseError.invalidRequest("code is required")
        }
        let verifier = try single("code_verifier", in: form)
        let redirectURI = try single("redirect_uri", in: form)
        let resource = try resource(form, context.configuration)
        guard case .client(let client) = try OAuthClientAuthentication.authenticate(
            form, request, context, allowFirstParty: false)
        else { throw GatehouseError.invalidRequest("client_id is required") }

        let audit = AuditEvent(request: request, context: context, credentialType: "authorization_code")
        guard let code = OpaqueToken.parse(text, as: .authorizationCode) else {
            AuditLog.append(audit, redis: context.redis, logger: context.logger)
            throw invalidGrant(invalidCodeMessage)
        }
        let presentation = OAuthCodeStore.Presentation(
            clientID: client.id, redirectURI: redirectURI,
            defaultRedirectURI: client.redirectURIs.count == 1 ? client.redirectURIs[0] : nil,
            verifierChallenge: verifier.flatMap(OAuthPKCE.challenge(ofVerifier:)), resource: resource)
        let outcome = try OAuthCodeStore.redeem(
            code, presentation, grantLifetimeSeconds: context.configuration.sessionLifetime,
            ownResource: context.configuration.ownResource, now: context.now, audit: audit, redis: context.redis)
        switch outcome {
        case .issued(let grant, let subject, let refreshToken):
            let token = try grant.accessToken(for: subject, configuration: context.configuration, now: context.now)
            return tokenResponse(token, refreshToken: refreshToken)
        case .reused:
            context.logger.warning("authorization code reuse: the grant it opened is revoked")
            throw invalidGrant(invalidCodeMessage)
        case .invalid:
            throw invalidGrant(invalidCodeMessage)
        case .resourceMismatch:
            throw invalidTarget("The code was issued for another resource")
        }
    }

    /// 400 `invalid_grant` (RFC 6749 §5.2).
    static func invalidGrant(_ message: String) -> GatehouseError {
        GatehouseError(status: 400, code: "invalid_request", message: message, oauthCode: "invalid_grant")
    }

    /// The token response of RFC 6749 §5.1, never cached.
    public static func tokenResponse(_ token: AccessTokenIssuer.IssuedToken, refreshToken: OpaqueToken) -> APIResponse {
        .json(
            200,
            [
                "access_token": .string(token.token), "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "refresh_token": .string(refreshToken.text), "scope": .string(token.scopes.description),
            ], headers: ["Cache-Control": "no-store", "Pragma": "no-cache"])
    }
}
