extension OAuthRoutes {
    /// `POST /oauth/revoke token=…[&token_type_hint=…]` (RFC 7009): the caller authenticates as a
    /// client (confidential clients with their secret). A refresh token ends its family and its
    /// grant; an access token (verified) ends its grant, so the grant's access tokens are refused
    /// by Gatehouse from then on. Always 200 for a token that is unknown, malformed, already
    /// revoked or held by another client (which revokes nothing).
    static func revoke(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let form = try RequestBody.form(request)
        guard let text = try single("token", in: form), !text.isEmpty else {
            throw GatehouseError.invalidRequest("token is required")
        }
        _ = try single("token_type_hint", in: form)
        let caller = try OAuthClientAuthentication.authenticate(form, request, context, allowFirstParty: true)
        let audit = AuditEvent(request: request, context: context, credentialType: "oauth_client")
        if let refresh = OpaqueToken.parse(text, as: .refresh) {
            _ = try OAuthGrantRevocation.revoke(
                refreshToken: refresh, tenant: refresh.tag, clientID: caller.id, now: context.now, audit: audit,
                redis: context.redis)
        } else if let (tenant, session) = grant(ofAccessToken: text, context) {
            _ = try OAuthGrantRevocation.revoke(
                session: session, tenant: tenant, clientID: caller.id, now: context.now, audit: audit,
                redis: context.redis)
        }
        return APIResponse(status: 200, headers: ["Cache-Control": "no-store", "Pragma": "no-cache"], body: [])
    }

    /// The tenant and grant of a valid access token of an OAuth grant, whatever resource it was
    /// issued for; nil for anything else (no I/O).
    static func grant(ofAccessToken text: String, _ context: HandlerContext) -> (String, String)? {
        guard let claims = context.configuration.accessTokenClaims(text, now: context.now),
            let tenant = claims["tid"]?.stringValue, Identifier.isTenant(tenant),
            let session = claims["sid"]?.stringValue, Identifier.isObjectID(session)
        else { return nil }
        return (tenant, session)
    }
}
