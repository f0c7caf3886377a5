extension Dispatcher {
    /// The caller of an admin-only route (``RouteAccess/platformAdmin``): the request's session
    /// cookie must open a live platform-administrator session. No session is 401 (counted against
    /// the client address, as every unauthenticated request is); a tenant user's session is 403
    /// `admin_required`, recorded in the user's tenant. No tenant principal is ever set, so an
    /// administrator gains no tenant member's powers here.
    func authorizeAdmin(_ request: APIRequest, context: inout HandlerContext, audit: inout AuditTrail?) throws {
        let cookie = SessionPolicy.cookie(request, name: configuration.cookieName)
        guard let cookie,
            let (session, subject) = try SessionStore.resolve(cookie, now: context.now, redis: context.redis)
        else {
            let refusal = GatehouseError.authentication("No valid session")
            audit?.failure = AuthenticationFailure(error: refusal, credentialType: cookie.map { _ in .session })
            try Authenticator.countUnauthenticated(
                address: context.clientAddress, redis: context.redis, now: context.now
            ).enforce()
            throw refusal
        }
        guard case .admin(let admin) = subject, session.kind == .admin else {
            let refusal = GatehouseError.forbidden(
                "This route is for platform administrators", reason: "admin_required")
            var tenant: String?
            if case .user(let user) = subject { tenant = user.tenant }
            audit?.failure = AuthenticationFailure(
                error: refusal, credentialType: .session, tenant: tenant, keyID: session.id)
            throw refusal
        }
        let caller = PlatformAdminCaller(session: session, admin: admin)
        context.platformAdmin = caller
        audit?.admin = caller
        context.logger[metadataKey: "tenant"] = .string(TenantKeys.platform.tenant)
        context.logger[metadataKey: "subject"] = .string(admin.id)
    }
}
