/// Whether a requested redirect URI is one the client registered (OAUTH.md "Redirect URIs"):
/// byte-for-byte string comparison, except that a loopback redirect matches on any port
/// (RFC 8252 §7.3), as ``OAuthRedirectURI/matches(registered:requested:)`` decides.
enum OAuthRedirectMatch {
    /// Whether `requested` matches one of `registered`.
    static func matches(_ requested: String, registered: [String]) -> Bool {
        registered.contains { OAuthRedirectURI.matches(registered: $0, requested: requested) }
    }
}
