extension PresentedCredential {
    /// Every request header that carries a credential or part of one (SPEC §3), in lower case. A
    /// proxy that authorizes requests with Gatehouse (nginx `auth_request`) strips these, and the
    /// session cookie, before the request reaches the protected upstream.
    public static let headerNames = [
        "authorization", "x-api-key", "x-api-key-id", "x-agent-key", "x-platform-id", "x-platform-secret",
    ]
}
