import Testing

@testable import GatehouseCore

@Suite("the authorization pages' pure parts: CSRF tokens, the sealed sign-in, HTML, CSP")
struct OAuthPagePartsTests {
    static let keys = OAuthPageKeys(serverSecret: Array("test-server-secret-of-at-least-32-bytes".utf8))

    @Test("a CSRF token is valid only with its own cookie, under the server's key")
    func csrf() {
        let cookie = OAuthCSRF.newCookieValue()
        let token = OAuthCSRF.token(forCookie: cookie, key: Self.keys.csrf)
        #expect(OAuthCSRF.isValid(token: token, cookie: cookie, key: Self.keys.csrf))
        #expect(!OAuthCSRF.isValid(token: token, cookie: OAuthCSRF.newCookieValue(), key: Self.keys.csrf))
        #expect(!OAuthCSRF.isValid(token: nil, cookie: cookie, key: Self.keys.csrf))
        #expect(!OAuthCSRF.isValid(token: token, cookie: nil, key: Self.keys.csrf))
        #expect(!OAuthCSRF.isValid(token: "", cookie: cookie, key: Self.keys.csrf))
        #expect(!OAuthCSRF.isValid(token: cookie, cookie: cookie, key: Self.keys.csrf))
        let other = OAuthPageKeys(serverSecret: Array("another-server-secret-of-32-bytes-or-more".utf8))
        #expect(!OAuthCSRF.isValid(token: token, cookie: cookie, key: other.csrf))
        #expect(OAuthCSRF.setCookie(cookie).hasPrefix("__Host-gh_csrf="))
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            #expect(OAuthCSRF.setCookie(cookie).contains("; \(attribute)"))
        }
    }

    @Test("the pending sign-in opens only in its browser, before it expires, and hides the number")
    func pendingSignIn() throws {
        let binding = OAuthCSRF.newCookieValue()
        let pending = OAuthPendingSignIn(phone: "+15551234567", expiresAt: 10_000)
        let sealed = try pending.sealed(key: Self.keys.seal, binding: binding)
        #expect(!sealed.contains("5551234567"))
        #expect(OAuthPendingSignIn.open(sealed, key: Self.keys.seal, binding: binding, now: 9_999) == pending)
        #expect(OAuthPendingSignIn.open(sealed, key: Self.keys.seal, binding: binding, now: 10_000) == nil)
        #expect(
            OAuthPendingSignIn.open(sealed, key: Self.keys.seal, binding: OAuthCSRF.newCookieValue(), now: 0) == nil)
        #expect(OAuthPendingSignIn.open(sealed, key: Self.keys.csrf, binding: binding, now: 0) == nil)
        var tampered = Array(sealed.utf8)
        tampered[20] = tampered[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(
            OAuthPendingSignIn.open(
                String(decoding: tampered, as: UTF8.self), key: Self.keys.seal, binding: binding, now: 0) == nil)
    }

    @Test("text reaches the HTML escaped")
    func escaping() {
        #expect(
            HTMLText.escape(#"<script>"a"&'b'</script>"#)
                == "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;")
        let page = OAuthPages.error(status: 400, title: "<b>", message: "\"><img src=x>", requestID: "req_1")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(!html.contains("<img") && !html.contains("<b>"))
    }

    @Test("the CSP allows the stylesheet by hash, forms to this server and the redirect origin, no framing")
    func contentSecurityPolicy() throws {
        let headers = OAuthPages.securityHeaders(formTarget: OAuthPages.formTarget("http://127.0.0.1:8123/cb?x=1"))
        let csp = try #require(headers["Content-Security-Policy"])
        #expect(csp.contains("default-src 'none'"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(csp.contains("form-action 'self' http://127.0.0.1:8123;"))
        #expect(csp.contains("style-src 'sha256-"))
        #expect(headers["X-Frame-Options"] == "DENY")
        #expect(headers["Cache-Control"] == "no-store")
        #expect(headers["Referrer-Policy"] == "no-referrer")
        #expect(OAuthPages.formTarget("com.example.app:/callback") == "com.example.app:")
        #expect(OAuthPages.formTarget("https://a.example;script-src *") == nil)
        #expect(OAuthPages.formTarget("https://a b") == nil)
        #expect(OAuthPages.host("https://app.example:8443/cb") == "app.example:8443")
        #expect(OAuthPages.host("com.example.app:/callback") == "com.example.app:")
    }

    @Test(
        "scopes in plain words",
        arguments: [
            ("data:read", "See your data"), ("keys:manage", "Manage API keys"),
            ("pages:write", "Create and change your pages"),
            ("webhooks:delete", "Delete your webhooks"), ("*", "Do anything you can do in this workspace"),
            ("context:read", "See your context"), ("billing:*", "Full access to your billing"),
        ])
    func wording(_ scope: String, words: String) {
        #expect(ScopeWording.words(Scope(scope)!) == words)
    }
}
