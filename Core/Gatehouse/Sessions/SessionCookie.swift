internal import Crypto

/// The `Set-Cookie` values of the session cookie (SPEC §4): `Secure`, `HttpOnly`, `SameSite=Lax`,
/// `Path=/`, no `Domain` (so a `__Host-` name is valid).
public enum SessionCookie {
    /// The cookie that carries a session for `lifetime` seconds.
    public static func set(name: String, value: String, lifetime: Int64) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(lifetime); Secure; HttpOnly; SameSite=Lax"
    }

    /// The cookie that removes the session cookie.
    public static func clear(name: String) -> String {
        "\(name)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"
    }
}
