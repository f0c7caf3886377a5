internal import Crypto

/// One browser request to an HTML page (the authorization pages, the console): the request, its
/// context, the page keys of the server secret, and the browser's CSRF cookie value, or a new one
/// (then set on the answer).
struct PageVisit {
    let request: APIRequest
    let context: HandlerContext
    let keys: OAuthPageKeys
    let csrfCookie: String
    let csrfCookieIsNew: Bool
    /// The CSRF key, expanded once for the visit (every form and every check uses it).
    private let csrfKey: SymmetricKey

    /// The visit of one request; 500 in a process without a server secret.
    init(_ request: APIRequest, _ context: HandlerContext) throws {
        self.request = request
        self.context = context
        keys = try OAuthPageKeys(context)
        (csrfCookie, csrfCookieIsNew) = OAuthCSRF.cookie(of: request)
        csrfKey = keys.csrf
    }

    /// The CSRF token of this browser's cookie, for a form.
    var csrfToken: String { OAuthCSRF.token(forCookie: csrfCookie, key: csrfKey) }

    /// Whether a form's token belongs to this browser's cookie.
    func isValid(csrfToken token: String?) -> Bool {
        OAuthCSRF.isValid(token: token, cookie: request.cookie(named: OAuthCSRF.cookieName), key: csrfKey)
    }
}
