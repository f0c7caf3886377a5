import Testing

@testable import GatehouseCore

typealias Items = [(name: String, value: String)]

/// Clients, resources and requests for the authorization request's tests.
enum AuthorizeFixture {
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    static let client = OAuthClient(
        id: "mcp_0123456789abcdefghijklmn", name: "Test Desktop", redirectURIs: ["https://app.example/cb"],
        authMethod: .none, origin: .dynamic, createdAt: 0)
    static let twoRedirects = OAuthClient(
        id: "mcp_twotwotwotwotwotwotwotw", name: "Two", redirectURIs: ["https://a.example/cb", "https://b.example/cb"],
        authMethod: .none, origin: .preRegistered, createdAt: 0)
    static let mcp = OAuthResource(canonicalizing: "https://mcp.example.com/mcp")!

    static var valid: Items {
        [
            ("response_type", "code"), ("client_id", client.id), ("redirect_uri", "https://app.example/cb"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("state", "xyz 1/2&3"),
        ]
    }

    static func parse(_ items: Items) throws -> OAuthAuthorizationRequest {
        try OAuthAuthorizationRequest.parse(
            items, client: { id in [client, twoRedirects].first { $0.id == id } },
            knownResource: { text in OAuthResource(canonicalizing: text).flatMap { $0 == mcp ? $0 : nil } })
    }

    static func refusal(_ items: Items) -> OAuthAuthorizationError? {
        do {
            _ = try parse(items)
            return nil
        } catch {
            return error as? OAuthAuthorizationError
        }
    }

    static func replacing(_ name: String, with value: String?) -> Items {
        valid.filter { $0.name != name } + (value.map { [(name, $0)] } ?? [])
    }

    /// Requests whose client or redirect URI cannot be trusted.
    static let untrusted: [Items] = [
        replacing("client_id", with: "mcp_unknownunknownunknownu"),
        replacing("client_id", with: nil),
        replacing("client_id", with: ""),
        valid + [("client_id", client.id)],
        replacing("redirect_uri", with: "https://evil.example/cb"),
        replacing("redirect_uri", with: "https://app.example/cb/"),
        replacing("redirect_uri", with: "https://app.example/cb?x=1"),
        replacing("redirect_uri", with: "https://APP.example/cb"),
        replacing("redirect_uri", with: "https://app.example/cb#frag"),
        replacing("redirect_uri", with: "https://app.example@evil.example/cb"),
        valid + [("redirect_uri", "https://app.example/cb")],
        // Every later error is found too, but the untrusted redirect wins: still the page.
        replacing("redirect_uri", with: "https://evil.example/cb").filter { $0.name != "code_challenge" },
    ]

    /// Requests refused by a redirect, and their codes.
    static let redirected: [(Items, String)] = [
        (replacing("response_type", with: "token"), "unsupported_response_type"),
        (replacing("response_type", with: "code id_token"), "unsupported_response_type"),
        (replacing("response_type", with: nil), "invalid_request"),
        (replacing("code_challenge", with: nil), "invalid_request"),
        (replacing("code_challenge_method", with: nil), "invalid_request"),
        (replacing("code_challenge_method", with: "plain"), "invalid_request"),
        (replacing("code_challenge_method", with: "s256"), "invalid_request"),
        (replacing("code_challenge", with: String(challenge.dropLast())), "invalid_request"),
        (replacing("code_challenge", with: String(challenge.dropLast()) + "="), "invalid_request"),
        (replacing("scope", with: "not a scope!"), "invalid_scope"),
        (
            valid + [("resource", "https://mcp.example.com/mcp"), ("resource", "https://gatehouse.test")],
            "invalid_target"
        ),
        (valid + [("resource", "https://other.example/mcp")], "invalid_target"),
        (valid + [("resource", "not a url")], "invalid_target"),
        (valid + [("response_type", "code")], "invalid_request"),
        (valid + [("code_challenge", challenge)], "invalid_request"),
        (valid + [("scope", "data:read"), ("scope", "data:read")], "invalid_request"),
        (replacing("state", with: String(repeating: "s", count: 2049)), "invalid_request"),
    ]
}

@Suite("the authorization request's checks (OAUTH.md \"Authorization endpoint\")")
struct OAuthAuthorizationRequestTests {
    @Test("a valid request: client, redirect, challenge, state kept exactly")
    func valid() throws {
        let request = try AuthorizeFixture.parse(
            AuthorizeFixture.valid + [("resource", "https://MCP.example.com:443/mcp/")])
        #expect(request.client == AuthorizeFixture.client)
        #expect(request.redirectURI == "https://app.example/cb")
        #expect(request.requestedRedirectURI == "https://app.example/cb")
        #expect(request.codeChallenge == AuthorizeFixture.challenge)
        #expect(request.state == "xyz 1/2&3")
        #expect(request.resource == AuthorizeFixture.mcp)
        #expect(request.scope == nil)
    }

    @Test(
        "an unknown, missing or repeated client, or a redirect URI that does not match: the error page, never a redirect",
        arguments: AuthorizeFixture.untrusted)
    func untrustedRedirect(_ items: Items) {
        let refusal = AuthorizeFixture.refusal(items)
        #expect(refusal?.delivery == .page, "\(String(describing: refusal))")
        #expect(refusal?.location(issuer: "https://gatehouse.test") == nil)
    }

    @Test("redirect URIs are compared byte for byte, not as canonically equivalent Unicode")
    func byteComparison() {
        let client = OAuthClient(
            id: "mcp_unicodeunicodeunicodeu", name: "U", redirectURIs: ["https://app.example/caf\u{E9}"],
            authMethod: .none, origin: .dynamic, createdAt: 0)
        let items = AuthorizeFixture.valid.map { item in
            switch item.name {
            case "client_id": (item.name, client.id)
            case "redirect_uri": (item.name, "https://app.example/cafe\u{301}")
            default: item
            }
        }
        #expect(throws: OAuthAuthorizationError.page("The redirect URI does not match any the app registered")) {
            try OAuthAuthorizationRequest.parse(items, client: { _ in client }, knownResource: { _ in nil })
        }
    }

    @Test("a portless loopback registration matches 127.0.0.1 on any port (RFC 8252 §7.3), the port kept")
    func loopbackAnyPort() throws {
        let client = OAuthClient(
            id: "mcp_loopbackloopbackloopba", name: "CLI", redirectURIs: ["http://127.0.0.1/callback"],
            authMethod: .none, origin: .dynamic, createdAt: 0)
        func items(_ redirect: String) -> Items {
            AuthorizeFixture.valid.map { item in
                switch item.name {
                case "client_id": (item.name, client.id)
                case "redirect_uri": (item.name, redirect)
                default: item
                }
            }
        }
        let request = try OAuthAuthorizationRequest.parse(
            items("http://127.0.0.1:53412/callback"), client: { _ in client }, knownResource: { _ in nil })
        #expect(request.redirectURI == "http://127.0.0.1:53412/callback")
        #expect(request.location(code: "c", issuer: "i").hasPrefix("http://127.0.0.1:53412/callback?code=c"))
        for other in ["http://127.0.0.1:53412/other", "http://localhost:53412/callback", "https://127.0.0.1/callback"] {
            #expect(throws: OAuthAuthorizationError.self) {
                try OAuthAuthorizationRequest.parse(items(other), client: { _ in client }, knownResource: { _ in nil })
            }
        }
    }

    @Test("redirect_uri may be left out only when the client registered exactly one")
    func omittedRedirect() throws {
        let request = try AuthorizeFixture.parse(AuthorizeFixture.replacing("redirect_uri", with: nil))
        #expect(request.redirectURI == "https://app.example/cb")
        #expect(request.requestedRedirectURI == nil)
        let several = AuthorizeFixture.replacing("redirect_uri", with: nil).map {
            $0.name == "client_id" ? ($0.name, AuthorizeFixture.twoRedirects.id) : $0
        }
        #expect(AuthorizeFixture.refusal(several)?.delivery == .page)
    }

    @Test(
        "every other error redirects with its RFC 6749 code and the state",
        arguments: AuthorizeFixture.redirected)
    func redirectedErrors(_ items: Items, code: String) throws {
        let refusal = try #require(AuthorizeFixture.refusal(items))
        #expect(refusal.code == code, "\(refusal.description)")
        guard case .redirect(let uri, _) = refusal.delivery else {
            Issue.record("expected a redirect")
            return
        }
        #expect(uri == "https://app.example/cb")
    }

    @Test("a refusal's Location: error, error_description, state and iss once each")
    func refusalLocation() throws {
        let refusal = try #require(
            AuthorizeFixture.refusal(AuthorizeFixture.replacing("code_challenge_method", with: "plain")))
        let location = try #require(refusal.location(issuer: "https://gatehouse.test"))
        #expect(location.hasPrefix("https://app.example/cb?"))
        let items = try #require(FormURLEncoded.decode(String(location.drop { $0 != "?" }.dropFirst())))
        #expect(items.map(\.name) == ["error", "error_description", "state", "iss"])
        #expect(items.first { $0.name == "state" }?.value == "xyz 1/2&3")
        #expect(items.first { $0.name == "iss" }?.value == "https://gatehouse.test")
        // A repeated state cannot be echoed: it is left out, never sent twice.
        let repeated = try #require(AuthorizeFixture.refusal(AuthorizeFixture.valid + [("state", "other")]))
        let second = try #require(repeated.location(issuer: "https://gatehouse.test"))
        #expect(!second.contains("state="))
    }

    @Test("the success Location keeps the redirect URI's own query and adds code, state, iss once each")
    func successLocation() throws {
        let client = OAuthClient(
            id: "mcp_queryqueryqueryqueryque", name: "Q", redirectURIs: ["http://127.0.0.1:8123/cb?tenant=a"],
            authMethod: .none, origin: .dynamic, createdAt: 0)
        let request = try OAuthAuthorizationRequest.parse(
            AuthorizeFixture.replacing("redirect_uri", with: nil).map {
                $0.name == "client_id" ? ($0.name, client.id) : $0
            },
            client: { $0 == client.id ? client : nil }, knownResource: { _ in nil })
        let location = request.location(code: "ghc_t.abc", issuer: "https://gatehouse.test")
        #expect(
            location
                == "http://127.0.0.1:8123/cb?tenant=a&code=ghc_t.abc&state=xyz%201%2F2%263&iss=https%3A%2F%2Fgatehouse.test"
        )
    }

    @Test("empty values count as omitted; unknown parameters are ignored and not carried")
    func emptyAndUnknown() throws {
        let request = try AuthorizeFixture.parse(
            AuthorizeFixture.valid + [("scope", ""), ("prompt", "consent"), ("nonce", "n")])
        #expect(request.scope == nil)
        #expect(request.parameters.map(\.name).allSatisfy(OAuthAuthorizationRequest.parameterNames.contains))
    }

    @Test(
        "granted scopes: requested (else the client's, else the role's) narrowed to the role; nothing left is nil",
        arguments: [
            ("data:read pages:write", Role.viewer, "data:read"),
            ("data:read pages:write", Role.editor, "data:read pages:write"),
            ("keys:manage", Role.editor, ""),
            ("audit:read", Role.viewer, ""),
            ("audit:read", Role.admin, "audit:read"),
            ("", Role.viewer, "*:read"),
        ])
    func granted(_ requested: String, role: Role, expected: String) throws {
        let items = requested.isEmpty ? AuthorizeFixture.valid : AuthorizeFixture.valid + [("scope", requested)]
        let request = try AuthorizeFixture.parse(items)
        #expect(request.grantedScopes(role: role)?.description ?? "" == expected)
    }

    @Test("the client's registered scope is the default when the request names none")
    func clientDefaultScope() throws {
        var client = AuthorizeFixture.client
        client.scope = ScopeSet(parsing: "data:read keys:manage")
        let request = try OAuthAuthorizationRequest.parse(
            AuthorizeFixture.valid, client: { _ in client }, knownResource: { _ in nil })
        #expect(request.grantedScopes(role: .viewer)?.description == "data:read")
        #expect(request.grantedScopes(role: .admin)?.description == "data:read keys:manage")
    }
}
