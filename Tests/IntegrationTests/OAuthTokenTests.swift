import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("OAuth token endpoint: the authorization_code grant, PKCE, code reuse, client authentication")
struct OAuthTokenTests {
    @Test("a code redeems for at+jwt with client_id, sid, scope = granted ∩ role defaults; no-store response")
    func redemption() throws {
        let harness = try OAuthTokenHarness()
        let (client, _) = try harness.register()
        let verifier = OAuthTokenHarness.verifier()
        let code = try harness.code(for: client, user: "viewer", verifier: verifier, scopes: "data:read data:write")
        let response = try harness.redeem(code, client: client, verifier: verifier)
        #expect(response.status == 200, "\(response.json)")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.json["token_type"] == "Bearer" && response.json["expires_in"] == 3600)
        #expect(response.json["scope"] == "data:read", "a viewer's role defaults are *:read")
        #expect(response.json["refresh_token"]?.stringValue?.hasPrefix("ghr_\(harness.fixture.tenant).") == true)
        let claims = response.json["access_token"]?.jwtClaims ?? .null
        #expect(claims["client_id"] == .string(client.id) && claims["sub"] == "viewer")
        #expect(claims["tid"] == .string(harness.fixture.tenant) && claims["aud"] == "gatehouse-tests")
        #expect(claims["sid"]?.stringValue?.hasPrefix("ses_") == true)
        let verified = try harness.verify(try #require(response.json["access_token"]?.stringValue))
        #expect(verified.status == 200 && verified.json["subject"] == "viewer")
        #expect(!harness.fixture.logs.text.contains(code.text))
    }

    @Test("PKCE required: a redemption without code_verifier is invalid_grant and burns nothing")
    func pkceRequired() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        let missing = try harness.redeem(code, client: client, verifier: nil)
        #expect(missing.status == 400 && missing.json["error"] == "invalid_grant")
        #expect(missing.headers["Cache-Control"] == "no-store")
        #expect(try harness.redeem(code, client: client, verifier: verifier).status == 200)
    }

    @Test("PKCE S256 only: the challenge itself as verifier (a plain downgrade) is refused")
    func pkceDowngrade() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        let challenge = try #require(OAuthPKCE.challenge(ofVerifier: verifier))
        let plain = try harness.redeem(code, client: client, verifier: challenge)
        #expect(plain.status == 400 && plain.json["error"] == "invalid_grant")
        #expect(
            try harness.redeem(code, client: client, verifier: verifier, extra: [("code_challenge_method", "plain")])
                .status == 200)
    }

    @Test("PKCE: a wrong, too short, too long or non-unreserved verifier is refused")
    func pkceWrongVerifier() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        for wrong in [
            OAuthTokenHarness.verifier(), String(verifier.prefix(42)), verifier + String(repeating: "a", count: 86),
            String(verifier.dropLast()) + "!",
        ] {
            let response = try harness.redeem(code, client: client, verifier: wrong)
            #expect(response.status == 400 && response.json["error"] == "invalid_grant", "\(wrong.count)")
        }
        #expect(try harness.redeem(code, client: client, verifier: verifier).status == 200)
    }

    @Test("code reuse: invalid_grant, and the grant the first redemption opened is revoked (oidcc-codereuse)")
    func codeReuse() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        let first = try harness.redeem(code, client: client, verifier: verifier)
        let access = try #require(first.json["access_token"]?.stringValue)
        let refresh = try #require(first.json["refresh_token"]?.stringValue)
        #expect(try harness.verify(access).status == 200)

        let second = try harness.redeem(code, client: client, verifier: verifier)
        #expect(second.status == 400 && second.json["error"] == "invalid_grant")
        #expect(try harness.verify(access).status == 401, "the access token of the first redemption is refused")
        #expect(try harness.refresh(refresh, client: client).json["error"] == "invalid_grant")
        #expect(try harness.fixture.call(
            "GET", "/v1/api_keys", key: access, extra: harness.extra, remoteAddress: harness.address).status == 401)
    }

    @Test("code expiry: a code past its lifetime is invalid_grant")
    func codeExpiry() throws {
        let harness = try OAuthTokenHarness()
        let (client, _) = try harness.register()
        let verifier = OAuthTokenHarness.verifier()
        let clock = TestClock()
        let code = try harness.code(for: client, verifier: verifier, now: clock.now)
        clock.advance(60_001)
        let late = try harness.redeem(code, client: client, verifier: verifier, clock: clock)
        #expect(late.status == 400 && late.json["error"] == "invalid_grant")
        clock.advance(-2)
        #expect(try harness.redeem(code, client: client, verifier: verifier, clock: clock).status == 200)
    }

    @Test("a code of client A redeemed by client B is refused; A can still redeem it")
    func otherClientsCode() throws {
        let harness = try OAuthTokenHarness()
        let (a, _) = try harness.register()
        let (b, _) = try harness.register()
        let verifier = OAuthTokenHarness.verifier()
        let code = try harness.code(for: a, verifier: verifier)
        let stolen = try harness.redeem(code, client: b, verifier: verifier)
        #expect(stolen.status == 400 && stolen.json["error"] == "invalid_grant")
        #expect(try harness.redeem(code, client: a, verifier: verifier).status == 200)
    }

    @Test("redirect_uri: required and identical when the authorization request sent one; optional otherwise")
    func redirectURIBinding() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        for presented in [nil, OAuthTokenHarness.redirectURI + "/", "http://127.0.0.1:9999/callback"] {
            let response = try harness.redeem(code, client: client, verifier: verifier, redirectURI: presented)
            #expect(response.json["error"] == "invalid_grant", "\(presented ?? "absent")")
        }
        #expect(try harness.redeem(code, client: client, verifier: verifier).status == 200)

        let omitted = try harness.code(for: client, verifier: verifier, redirectURI: nil)
        #expect(
            try harness.redeem(omitted, client: client, verifier: verifier, redirectURI: "https://evil.example/cb")
                .json["error"] == "invalid_grant")
        #expect(try harness.redeem(omitted, client: client, verifier: verifier, redirectURI: nil).status == 200)
    }

    @Test("no password, implicit or unknown grant: unsupported_grant_type")
    func unsupportedGrants() throws {
        let harness = try OAuthTokenHarness()
        for grant in ["password", "implicit", "token", "client_credentials", "urn:example:nothing"] {
            let response = try harness.post([
                ("grant_type", grant), ("username", "owner"), ("password", "x"), ("client_id", "mcp_x"),
            ])
            #expect(response.status == 400 && response.json["error"] == "unsupported_grant_type", "\(grant)")
            #expect(response.headers["Cache-Control"] == "no-store")
        }
    }

    @Test("confidential clients: client_secret_basic and _post; a wrong or missing secret is 401 invalid_client")
    func confidentialClients() throws {
        let harness = try OAuthTokenHarness()
        let (client, secret) = try harness.register(confidential: true)
        let secretText = try #require(secret)
        let verifier = OAuthTokenHarness.verifier()
        func basic(_ id: String, _ secret: String) -> [String: String] {
            let pair = FormURLEncoded.percentEncode(id) + ":" + FormURLEncoded.percentEncode(secret)
            return ["Authorization": "Basic " + Base64.encode(Array(pair.utf8))]
        }
        let code = try harness.code(for: client, verifier: verifier)
        let none = try harness.redeem(code, client: client, verifier: verifier)
        #expect(none.status == 401 && none.json["error"] == "invalid_client")
        let wrong = try harness.redeem(code, client: client, verifier: verifier, headers: basic(client.id, "nope"))
        #expect(wrong.status == 401 && wrong.json["error"] == "invalid_client")
        #expect(wrong.headers["WWW-Authenticate"]?.hasPrefix("Basic") == true)
        let wrongPost = try harness.redeem(
            code, client: client, verifier: verifier, extra: [("client_secret", secretText + "x")])
        #expect(wrongPost.status == 401 && wrongPost.headers["WWW-Authenticate"] == nil)

        let viaBasic = try harness.redeem(code, client: client, verifier: verifier, headers: basic(client.id, secretText))
        #expect(viaBasic.status == 200, "\(viaBasic.json)")
        let refresh = try #require(viaBasic.json["refresh_token"]?.stringValue)
        #expect(try harness.refresh(refresh, client: client).json["error"] == "invalid_client")
        let viaPost = try harness.refresh(refresh, client: client, extra: [("client_secret", secretText)])
        #expect(viaPost.status == 200, "\(viaPost.json)")
        #expect(!harness.fixture.logs.text.contains(secretText))
    }

    @Test("10 parallel redemptions of one code: one token, the rest invalid_grant, no 500")
    func parallelRedemptions() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending()
        let application = try harness.fixture.application(
            harness.extra.merging(["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 40)]) { $1 })
        let form = FormURLEncoded.encode([
            ("grant_type", "authorization_code"), ("code", code.text), ("client_id", client.id),
            ("code_verifier", verifier), ("redirect_uri", OAuthTokenHarness.redirectURI),
        ])
        let answers = Mutex<[(Int, String?)]>([])
        DispatchQueue.concurrentPerform(iterations: 10) { _ in
            let request = GatehouseFixture.request("POST", "/oauth/token", form: form)
            let response = application.handle(request, redis: RedisClient(configuration: application.configuration.redis))
            answers.withLock { $0.append((response.status, response.json["error"]?.stringValue)) }
        }
        let all = answers.withLock { $0 }
        #expect(all.filter { $0.0 == 200 }.count == 1, "\(all)")
        #expect(all.filter { $0.0 == 400 && $0.1 == "invalid_grant" }.count == 9, "\(all)")
        let sessions = try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:session:*")
        #expect(sessions.count == 1, "one grant was opened")
    }
}
