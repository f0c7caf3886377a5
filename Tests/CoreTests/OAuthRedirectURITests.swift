import Testing

@testable import GatehouseCore

@Suite("OAuthRedirectURI: what a client may register, and exact matching with any-port loopback")
struct OAuthRedirectURITests {
    static let registered = "https://good.example/oauth/callback"

    func registrable(_ uri: String, _ type: OAuthClient.ApplicationType = .web) -> Bool {
        OAuthRedirectURI.problem(with: uri, applicationType: type) == nil
    }

    @Test(
        "https with a host, and loopback http on 127.0.0.1, [::1] and localhost with any path, are registrable",
        arguments: [
            "https://myapp.example/oauth/callback", "https://myapp.example:8443/cb?x=1", "http://127.0.0.1/callback",
            "http://127.0.0.1:53123/callback", "http://[::1]/cb", "http://localhost/callback", "http://localhost",
            "https://[2001:db8::1]/cb",
        ])
    func accepted(uri: String) {
        #expect(registrable(uri), "\(uri)")
    }

    @Test(
        "dangerous schemes, fragments, userinfo, wildcards, non-loopback http and malformed URIs are refused",
        arguments: [
            "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://good.example/cb#frag",
            "https://user@good.example/cb", "https://good@evil.example/cb", "https://*.example/cb",
            "http://good.example/cb", "http://127.0.0.2/cb", "http://localhost.evil.example/cb",
            "http://127.0.0.1:99999/cb", "http://127.0.0.1:/cb", "https:///cb", "https:good.example", "/relative",
            "https://good.example/a b", "https://good.example\\@evil/cb", "https://good.example/é", "",
            "https://" + String(repeating: "a", count: 600) + ".example/",
        ])
    func refused(uri: String) {
        #expect(!registrable(uri), "\(uri)")
        #expect(!registrable(uri, .native), "\(uri) (native)")
    }

    @Test("a private-use scheme is registrable for application_type native only")
    func privateUseScheme() {
        #expect(registrable("com.example.app:/cb", .native))
        #expect(!registrable("com.example.app:/cb", .web))
        #expect(!registrable("com.example.app:", .native))
        #expect(!registrable("com.example.app://user@host/cb", .native))
        #expect(!registrable("JavaScript:alert(1)", .native))
    }

    // The checks of OAUTH.md's last section, each its own test.

    @Test("a changed path is refused")
    func pathChange() {
        #expect(!OAuthRedirectURI.matches(registered: Self.registered, requested: "https://good.example/oauth/other"))
    }

    @Test("an added query is refused")
    func addedQuery() {
        #expect(
            !OAuthRedirectURI.matches(registered: Self.registered, requested: Self.registered + "?next=https://evil"))
    }

    @Test("a change of case is refused")
    func caseChange() {
        #expect(
            !OAuthRedirectURI.matches(registered: Self.registered, requested: "https://GOOD.example/oauth/callback"))
        #expect(
            !OAuthRedirectURI.matches(registered: Self.registered, requested: "https://good.example/OAuth/callback"))
    }

    @Test("an added trailing slash is refused")
    func trailingSlash() {
        #expect(!OAuthRedirectURI.matches(registered: Self.registered, requested: Self.registered + "/"))
    }

    @Test("https://good@evil is refused")
    func userinfoConfusion() {
        #expect(
            !OAuthRedirectURI.matches(
                registered: Self.registered, requested: "https://good.example@evil.example/oauth/callback"))
    }

    @Test("good.evil (a registered host as a subdomain of another) is refused")
    func subdomainConfusion() {
        #expect(
            !OAuthRedirectURI.matches(
                registered: Self.registered, requested: "https://good.example.evil.example/oauth/callback"))
    }

    @Test("an added fragment is refused")
    func fragment() {
        #expect(!OAuthRedirectURI.matches(registered: Self.registered, requested: Self.registered + "#x"))
    }

    @Test("127.0.0.1 on any port matches a portless loopback registration (RFC 8252 §7.3)")
    func loopbackAnyPort() {
        for port in [1, 8080, 53123, 65535] {
            #expect(
                OAuthRedirectURI.matches(
                    registered: "http://127.0.0.1/callback", requested: "http://127.0.0.1:\(port)/callback"))
        }
        #expect(
            OAuthRedirectURI.matches(
                registered: "http://localhost/callback", requested: "http://localhost:53123/callback"))
        #expect(OAuthRedirectURI.matches(registered: "http://[::1]/callback", requested: "http://[::1]:4000/callback"))
    }

    @Test("loopback: the host literal, the path and the query must still be the same")
    func loopbackStrictOtherwise() {
        let registered = "http://localhost/callback"
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://127.0.0.1:5000/callback"))
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://localhost:5000/callback/"))
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://localhost:5000/callback?x=1"))
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://localhost:5000@evil/callback"))
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://localhost:5000/callback#f"))
        #expect(!OAuthRedirectURI.matches(registered: registered, requested: "http://localhost:0/callback"))
        #expect(!OAuthRedirectURI.matches(registered: "https://localhost/callback", requested: "https://localhost:1/callback"))
    }

    @Test("comparison is by bytes: a canonically equivalent Unicode string does not match")
    func bytewise() {
        // U+212A KELVIN SIGN is canonically equivalent to "K": Swift's == says they are equal.
        #expect("https://good.example/\u{212A}" == "https://good.example/K")
        #expect(!OAuthRedirectURI.matches(registered: "https://good.example/K", requested: "https://good.example/\u{212A}"))
    }

    @Test("the redirect URI of a request: a matching one as requested, else the only one registered, else none")
    func clientRedirect() {
        let one = OAuthClient(
            id: "mcp_x", name: "x", redirectURIs: ["http://localhost/callback"], authMethod: .none, origin: .dynamic,
            createdAt: 0)
        #expect(one.redirectURI(for: nil) == "http://localhost/callback")
        #expect(one.redirectURI(for: "http://localhost:4242/callback") == "http://localhost:4242/callback")
        #expect(one.redirectURI(for: "http://localhost:4242/other") == nil)
        var two = one
        two.redirectURIs.append(Self.registered)
        #expect(two.redirectURI(for: nil) == nil)
        #expect(two.redirectURI(for: Self.registered) == Self.registered)
    }
}
