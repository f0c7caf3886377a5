internal import Crypto

/// CSRF protection of the forms of the authorization pages and the console: the browser holds a random value in a
/// `__Host-` cookie, and every form carries the HMAC of that value under a key derived from the
/// server secret. A POST whose token does not match its cookie (constant-time comparison) is
/// refused before anything is done.
enum OAuthCSRF {
    /// The cookie holding the browser's random value.
    static let cookieName = "__Host-gh_csrf"
    /// The form field holding the token.
    static let fieldName = "csrf_token"

    /// A new cookie value: 256 random bits, base64url.
    static func newCookieValue() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Whether a cookie value has the shape ``newCookieValue()`` gives.
    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 43 && Base64URL.decode(value)?.count == 32
    }

    /// The form token for a cookie value.
    static func token(forCookie value: String, key: SymmetricKey) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: key)))
    }

    /// Whether a form's token belongs to the request's cookie.
    static func isValid(token: String?, cookie: String?, key: SymmetricKey) -> Bool {
        guard let token, let cookie, isWellFormed(cookie) else { return false }
        return ConstantTime.equals(Array(token.utf8), Array(self.token(forCookie: cookie, key: key).utf8))
    }

    /// The browser's cookie value if it sent a well-formed one, else a new one (`isNew`: to be set
    /// on the answer).
    static func cookie(of request: APIRequest) -> (value: String, isNew: Bool) {
        if let sent = request.cookie(named: cookieName), isWellFormed(sent) { return (sent, false) }
        return (newCookieValue(), true)
    }

    /// The `Set-Cookie` value of the cookie (a browser-session cookie).
    static func setCookie(_ value: String) -> String {
        "\(cookieName)=\(value); Path=/; Secure; HttpOnly; SameSite=Lax"
    }
}
