/// Resolving the session cookie of a request (SPEC §3: cookie credential from OTP login).
public enum SessionAuthentication {
    /// The request's live session and subject; 401 when there is none.
    public static func require(_ request: APIRequest, _ context: HandlerContext) throws -> (SessionRecord, SessionSubject)
    {
        guard let cookie = SessionPolicy.cookie(request, name: context.configuration.cookieName),
            let resolved = try SessionStore.resolve(cookie, now: context.now, redis: context.redis)
        else { throw GatehouseError.authentication("No valid session") }
        return resolved
    }

    /// The request's live platform-administrator session: 401 without a session, 403 for a user's.
    public static func requireAdmin(
        _ request: APIRequest, _ context: HandlerContext
    ) throws -> (
        SessionRecord, PlatformAdminRecord
    ) {
        let (session, subject) = try require(request, context)
        guard case .admin(let admin) = subject, session.kind == .admin else {
            throw GatehouseError.forbidden("This route is for platform administrators", reason: "admin_required")
        }
        return (session, admin)
    }
}
