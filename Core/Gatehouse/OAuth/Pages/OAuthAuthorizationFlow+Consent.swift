extension OAuthAuthorizationFlow {
    /// Consent for a signed-in user: the redirect with a code when a remembered consent covers
    /// the granted scopes, else the consent page.
    func consentOrCode(_ authorization: OAuthAuthorizationRequest, user: UserRecord) throws -> APIResponse {
        let scopes = try grantedScopes(authorization, user: user)
        let remembered = try OAuthConsentStore.remembered(
            tenant: user.tenant, client: authorization.client.id, user: user.id, redis: context.redis)
        if let remembered, remembered.covers(scopes) { return try issueCode(authorization, user: user, scopes: scopes) }
        let tenant = try TenantStore(redis: context.redis).tenant(user.tenant)
        return OAuthPages.consent(
            form(authorization),
            .init(
                client: authorization.client, user: user, tenantName: tenant?.name ?? user.tenant,
                redirectHost: OAuthPages.host(authorization.redirectURI), scopes: scopes,
                resource: authorization.resource))
    }

    /// The consent form's POST: `approve` remembers the consent and redirects with a code, `deny`
    /// redirects with `access_denied`. Without a live session, back to the request (sign-in).
    func decide(_ authorization: OAuthAuthorizationRequest, decision: String?) throws -> APIResponse {
        guard let user = try signedInUser() else { return backToRequest(authorization) }
        let scopes = try grantedScopes(authorization, user: user)
        switch decision {
        case "approve":
            let before = try OAuthConsentStore.remembered(
                tenant: user.tenant, client: authorization.client.id, user: user.id, redis: context.redis)
            try OAuthConsentStore.remember(
                scopes, before: before, tenant: user.tenant, client: authorization.client.id, user: user.id,
                redis: context.redis)
            return try issueCode(authorization, user: user, scopes: scopes)
        case "deny":
            record(authorization, user: user, status: 303, outcome: .denied)
            throw authorization.refusal("access_denied", "The user denied the request")
        default:
            throw OAuthAuthorizationError.page("The consent form's answer is missing")
        }
    }

    /// The requested scopes narrowed to the user's role; `invalid_scope` when nothing is left.
    func grantedScopes(_ authorization: OAuthAuthorizationRequest, user: UserRecord) throws -> ScopeSet {
        guard let scopes = authorization.grantedScopes(role: user.role) else {
            throw authorization.refusal("invalid_scope", "None of the requested scopes is available to this user")
        }
        return scopes
    }

    /// Issues the code (``OAuthCodeStore``) and redirects to the client with `code`, `state`, `iss`.
    func issueCode(_ authorization: OAuthAuthorizationRequest, user: UserRecord, scopes: ScopeSet) throws -> APIResponse {
        let grant = OAuthCodeStore.Grant(
            clientID: authorization.client.id, subject: user.id, tenant: user.tenant,
            requestedRedirectURI: authorization.requestedRedirectURI, codeChallenge: authorization.codeChallenge,
            resource: authorization.resource, scopes: scopes)
        let code = try OAuthCodeStore.issue(
            grant, lifetimeSeconds: context.configuration.oauth.codeLifetimeSeconds, now: context.now,
            redis: context.redis)
        record(authorization, user: user, status: 303, outcome: .success)
        return APIResponse(
            status: 303,
            headers: ["Location": authorization.location(code: code.text, issuer: context.configuration.issuer)])
    }

    /// The audit record of a decision, appended after the answer (client id as the key id).
    func record(_ authorization: OAuthAuthorizationRequest, user: UserRecord, status: Int, outcome: AuditEvent.Outcome)
    {
        var event = AuditEvent(request: request, context: context, credentialType: "session")
        event.tenant = user.tenant
        event.subject = user.id
        event.subjectType = "user"
        event.keyID = authorization.client.id
        event.status = status
        event.outcome = outcome
        OTPRoutes.recordAfterResponse(event, context)
    }
}
