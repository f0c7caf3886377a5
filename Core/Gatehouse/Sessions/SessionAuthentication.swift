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
}
