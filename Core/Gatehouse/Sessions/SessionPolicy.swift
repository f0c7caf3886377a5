/// The pure rules for sessions.
public enum SessionPolicy {
    /// The session and subject if the session is live (not revoked, not expired) and its subject
    /// exists and is active; else nil.
    public static func live(
        _ session: SessionRecord, ownerFields: [String: String], now: Int64
    ) -> (
        SessionRecord, SessionSubject
    )? {
        guard session.revokedAt == nil, session.expiresAt > now,
            let subject = SessionSubject(kind: session.kind, fields: ownerFields), subject.isActive,
            subject.id == session.subject
        else { return nil }
        return (session, subject)
    }

    /// The session cookie of a request, parsed; nil when absent or malformed.
    public static func cookie(_ request: APIRequest, name: String) -> OpaqueToken? {
        request.cookie(named: name).flatMap { OpaqueToken.parse($0, as: .session) }
    }
}
