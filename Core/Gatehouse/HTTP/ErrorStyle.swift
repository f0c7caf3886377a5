/// How a route's errors are written.
public enum ErrorStyle: Sendable, Equatable {
    /// `{"error": {"code", "message", "details"?, "request_id"}}` (SPEC §6).
    case gatehouse
    /// `{"error", "error_description"}` with `Cache-Control: no-store` (RFC 6749 §5.2).
    case oauth
    /// An HTML page (the console): 401 is a 303 to `signInPath`, every other error the error page.
    case page(signInPath: String)
}
