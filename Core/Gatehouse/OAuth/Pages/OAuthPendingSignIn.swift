internal import Crypto

/// The phone number between the two sign-in steps of the authorization pages: sealed with
/// AES-256-GCM (a key derived from the server secret, the browser's CSRF cookie value as
/// associated data) in a short-lived `__Host-` cookie, so it never appears in a URL, a log or
/// Redis, and a sealed value lifted from one browser opens in no other.
struct OAuthPendingSignIn: Sendable, Equatable {
    /// The cookie holding the sealed value.
    static let cookieName = "__Host-gh_oauth_signin"

    /// The E.164 number a code was sent to.
    let phone: String
    /// Unix milliseconds after which the sign-in must start again.
    let expiresAt: Int64

    /// The sealed text (``SealedCookie``) of `expiresAt` and `phone`.
    func sealed(key: SymmetricKey, binding: String) throws -> String {
        try SealedCookie.seal(String(expiresAt) + "\n" + phone, key: key, binding: binding)
    }

    /// Opens a sealed text; nil when it does not open under this key and binding, or has expired.
    static func open(_ text: String, key: SymmetricKey, binding: String, now: Int64) -> OAuthPendingSignIn? {
        guard let plain = SealedCookie.open(text, key: key, binding: binding) else { return nil }
        let parts = plain.split(separator: "\n", maxSplits: 1)
        guard parts.count == 2, let expiresAt = Int64(parts[0]), expiresAt > now, PhoneNumber.isE164(String(parts[1]))
        else { return nil }
        return OAuthPendingSignIn(phone: String(parts[1]), expiresAt: expiresAt)
    }

    /// The `Set-Cookie` value carrying `sealed` until the code expires.
    static func setCookie(_ sealed: String, lifetimeSeconds: Int) -> String {
        "\(cookieName)=\(sealed); Path=/; Max-Age=\(lifetimeSeconds); Secure; HttpOnly; SameSite=Lax"
    }

    /// The `Set-Cookie` value removing the cookie.
    static func clearCookie() -> String {
        "\(cookieName)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"
    }
}
