/// What the dispatcher learns about a request's caller, for its audit record.
struct AuditTrail {
    let clientAddress: String?
    let now: Int64
    var principal: Principal?
    /// The administrator of an admin-only route's call (recorded in the platform's stream).
    var admin: PlatformAdminCaller?
    var failure: AuthenticationFailure?
    /// The route is the verify authorizer (its answer is a read, whatever the method).
    var isAuthorizer = false

    init(clientAddress: String?, now: Int64) {
        self.clientAddress = clientAddress
        self.now = now
    }

    /// The trail of a route that reads a credential; nil for an open route (it records nothing).
    init?(access: RouteAccess, clientAddress: String?, now: Int64) {
        if case .open = access { return nil }
        self.init(clientAddress: clientAddress, now: now)
        if case .authorizer = access { isAuthorizer = true }
    }

    /// Whether authentication reached a decision: a principal or a refusal.
    var concluded: Bool { principal != nil || admin != nil || failure != nil }

    /// The record of the finished request.
    func event(request: APIRequest, requestID: String, route: String, status: Int) -> AuditEvent {
        if let admin { return adminEvent(admin, request: request, requestID: requestID, route: route, status: status) }
        return AuditEvent(
            time: now, requestID: requestID, tenant: principal?.tenantID ?? failure?.tenant,
            subject: principal?.subject, subjectType: principal?.subjectType.rawValue,
            credentialType: (principal?.credentialType ?? failure?.credentialType)?.rawValue,
            keyID: principal?.keyID ?? failure?.keyID, keyPrefix: principal?.keyPrefix ?? failure?.keyPrefix,
            appID: principal?.appID ?? request.headers["x-app-id"]?.trimmingASCIIWhitespace(), method: request.method,
            route: route,
            outcome: AuditEvent.outcome(status: status, authenticated: principal != nil), status: status,
            clientIP: clientAddress, userAgent: request.headers["user-agent"],
            legacyMode: principal?.legacyMode ?? false)
    }

    /// The record of an administrator's call: the platform's stream, the administrator as subject,
    /// the session as the credential.
    func adminEvent(
        _ admin: PlatformAdminCaller, request: APIRequest, requestID: String, route: String, status: Int
    ) -> AuditEvent {
        AuditEvent(
            time: now, requestID: requestID, tenant: TenantKeys.platform.tenant, subject: admin.admin.id,
            subjectType: "platform_admin", credentialType: Principal.CredentialType.session.rawValue,
            keyID: admin.session.id, keyPrefix: nil, appID: nil, method: request.method, route: route,
            outcome: AuditEvent.outcome(status: status, authenticated: true), status: status,
            clientIP: clientAddress, userAgent: request.headers["user-agent"], legacyMode: false)
    }
}
