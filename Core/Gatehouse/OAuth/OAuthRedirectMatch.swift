/// Whether a requested redirect URI is one the client registered: exact string comparison
/// (OAUTH.md "Redirect URIs").
enum OAuthRedirectMatch {
    /// Whether `requested` equals one of `registered`, byte for byte (String's `==` is
    /// Unicode-aware: a decomposed "é" would equal a precomposed one).
    static func matches(_ requested: String, registered: [String]) -> Bool {
        registered.contains { $0.utf8.elementsEqual(requested.utf8) }
    }
}
