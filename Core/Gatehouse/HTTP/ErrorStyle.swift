/// How a route's errors are written.
public enum ErrorStyle: Sendable {
    /// `{"error": {"code", "message", "details"?, "request_id"}}` (SPEC §6).
    case gatehouse
    /// `{"error", "error_description"}` with `Cache-Control: no-store` (RFC 6749 §5.2).
    case oauth
}
