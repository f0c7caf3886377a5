/// Whether a requested redirect URI is one the client registered: exact string comparison
/// (OAUTH.md "Redirect URIs").
enum OAuthRedirectMatch {
    /// Whether `requested` equals one of `registered`, byte for byte.
    static func matches(_ requested: String, registered: [String]) -> Bool {
        registered.contains(requested)
    }
}
