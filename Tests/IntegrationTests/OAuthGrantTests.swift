import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("OAuth grants: refresh, revocation, client deletion, resources and audiences")
struct OAuthGrantTests {
    @Test("refresh rotation with seed 003's request: a new refresh token each time, the grant's client and sid")
    func refreshRotation() throws {
        let harness = try OAuthTokenHarness()
        let (client, _, first) = try harness.grant(scopes: "data:read")
        let rotated = try harness.refresh(first, client: client)
        #expect(rotated.status == 200, "\(rotated.json)")
        #expect(rotated.headers["Cache-Control"] == "no-store")
        let second = try #require(rotated.json["refresh_token"]?.stringValue)
        #expect(second != first && rotated.json["scope"] == "data:read")
        let claims = rotated.json["access_token"]?.jwtClaims ?? .null
        #expect(claims["client_id"] == .string(client.id) && claims["sid"]?.stringValue?.hasPrefix("ses_") == true)
        #expect(try harness.refresh(second, client: client).status == 200)
    }

    @Test("refresh reuse detection: a rotated token after the grace window revokes the whole family")
    func refreshReuse() throws {
        let harness = try OAuthTokenHarness()
        let (client, access, first) = try harness.grant()
        let clock = TestClock()
        let child = try #require(try harness.refresh(first, client: client, clock: clock).json["refresh_token"]?.stringValue)
        clock.advance(31_000)
        let reused = try harness.refresh(first, client: client, clock: clock)
        #expect(reused.status == 400 && reused.json["error"] == "invalid_grant")
        #expect(try harness.refresh(child, client: client).json["error"] == "invalid_grant")
        #expect(try harness.verify(access).status == 200, "reuse ends the family; the access token expires on its own")
    }

    @Test("10 parallel refreshes of one OAuth refresh token: one child, one chain, no 500")
    func parallelRefresh() throws {
        let harness = try OAuthTokenHarness()
        let (client, _, first) = try harness.grant()
        let application = try harness.fixture.application(
            harness.extra.merging(["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 40)]) { $1 })
        let form = FormURLEncoded.encode([
            ("grant_type", "refresh_token"), ("refresh_token", first), ("client_id", client.id),
        ])
        let children = Mutex<[String]>([])
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 10) { _ in
            let response = application.handle(
                GatehouseFixture.request("POST", "/oauth/token", form: form),
                redis: RedisClient(configuration: application.configuration.redis))
            statuses.withLock { $0.append(response.status) }
            if let token = response.json["refresh_token"]?.stringValue { children.withLock { $0.append(token) } }
        }
        #expect(statuses.withLock { $0 } == Array(repeating: 200, count: 10))
        #expect(Set(children.withLock { $0 }).count == 1)
        let tokens = try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:rt:*")
        #expect(tokens.count == 2, "the first token and its one child")
    }

    @Test("refresh scope: may narrow, never widen (invalid_scope); another resource is invalid_target; nothing written")
    func refreshNarrowing() throws {
        let harness = try OAuthTokenHarness()
        let (client, _, first) = try harness.grant(resource: OAuthTokenHarness.resource, scopes: "data:read data:write")
        let widened = try harness.refresh(first, client: client, extra: [("scope", "data:read keys:manage")])
        #expect(widened.status == 400 && widened.json["error"] == "invalid_scope")
        let otherResource = try harness.refresh(
            first, client: client, extra: [("resource", "https://other.example.com/mcp")])
        #expect(otherResource.status == 400 && otherResource.json["error"] == "invalid_target")
        let unknown = try harness.refresh(first, client: client, extra: [("resource", "https://unknown.example/")])
        #expect(unknown.json["error"] == "invalid_target")
        let two = try harness.refresh(
            first, client: client,
            extra: [("resource", OAuthTokenHarness.resource), ("resource", OAuthTokenHarness.resource)])
        #expect(two.json["error"] == "invalid_target")

        let narrowed = try harness.refresh(
            first, client: client, extra: [("scope", "data:read"), ("resource", OAuthTokenHarness.resource)])
        #expect(narrowed.status == 200, "\(narrowed.json)")
        #expect(narrowed.json["scope"] == "data:read")
        #expect(narrowed.json["access_token"]?.jwtClaims["aud"] == .string(OAuthTokenHarness.resource))
        let next = try #require(narrowed.json["refresh_token"]?.stringValue)
        let back = try harness.refresh(next, client: client)
        #expect(back.json["scope"] == "data:read data:write", "narrowing one token does not shrink the grant")
    }

    @Test("resource → aud: the token verifies with PyJWT against the JWKS with aud = the resource (CGI)")
    func resourceAudience() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending(resource: OAuthTokenHarness.resource)
        let environment = harness.fixture.processEnvironment(harness.extra)
        let form = FormURLEncoded.encode([
            ("grant_type", "authorization_code"), ("code", code.text), ("client_id", client.id),
            ("code_verifier", verifier), ("redirect_uri", OAuthTokenHarness.redirectURI),
            ("resource", OAuthTokenHarness.resource),
        ])
        let redeemed = try FunctionProcess.cgi(
            "oauth", GatehouseFixture.request("POST", "/oauth/token", form: form), configuration: environment)
        let token = try #require(redeemed.response.json["access_token"]?.stringValue, "\(redeemed.stderr)")
        let jwks = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/jwks.json"), configuration: environment
        ).response
        let (status, text) = try runTool(
            "/usr/bin/env",
            [
                "python3", "-c", InteroperabilityTests.verifier, token, String(decoding: jwks.body, as: UTF8.self),
                "https://gatehouse.test", OAuthTokenHarness.resource,
            ], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("pyjwt ok editor") && text.contains("joserfc ok editor"))

        #expect(try harness.verify(token).status == 401, "no audience confusion: Gatehouse's own routes refuse it")
        let guarded = try harness.verify(token, query: "resource=" + FormURLEncoded.percentEncode(OAuthTokenHarness.resource))
        #expect(guarded.status == 200 && guarded.json["subject"] == "editor")
        let other = try harness.verify(
            token, query: "resource=" + FormURLEncoded.percentEncode("https://other.example.com/mcp"))
        #expect(other.status == 401)
    }

    @Test("unknown resource at the token endpoint: invalid_target, and the code stays redeemable")
    func unknownResource() throws {
        let harness = try OAuthTokenHarness()
        let (client, verifier, code) = try harness.pending(resource: OAuthTokenHarness.resource)
        let unknown = try harness.redeem(
            code, client: client, verifier: verifier, extra: [("resource", "https://evil.example/mcp")])
        #expect(unknown.status == 400 && unknown.json["error"] == "invalid_target")
        let other = try harness.redeem(
            code, client: client, verifier: verifier, extra: [("resource", "https://other.example.com/mcp")])
        #expect(other.status == 400 && other.json["error"] == "invalid_target")
        #expect(try harness.redeem(code, client: client, verifier: verifier).status == 200)
    }

    @Test("client deletion ends every token: access tokens, refresh tokens, unredeemed codes, introspection")
    func clientDeletion() throws {
        let harness = try OAuthTokenHarness()
        let (client, access, refresh) = try harness.grant()
        let verifier = OAuthTokenHarness.verifier()
        let pending = try harness.code(for: client, verifier: verifier)
        let introspect = { () throws -> APIResponse in
            try harness.fixture.call(
                "POST", "/oauth/introspect", key: harness.fixture.ownerKey.text,
                form: FormURLEncoded.encode([("token", access)]), extra: harness.extra)
        }
        let before = try introspect()
        #expect(before.json["active"] == true && before.json["client_id"] == .string(client.id))
        #expect(before.json["token_type"] == "Bearer" && before.json["aud"] == "gatehouse-tests")
        #expect(before.json["exp"]?.integerValue != nil && before.json["iat"]?.integerValue != nil)
        #expect(try harness.fixture.call(
            "GET", "/v1/api_keys", key: access, extra: harness.extra, remoteAddress: harness.address).status == 200)

        try harness.deleteClient(client)
        #expect(try harness.verify(access).status == 401)
        #expect(try harness.fixture.call(
            "GET", "/v1/api_keys", key: access, extra: harness.extra, remoteAddress: harness.address).status == 401)
        #expect(try introspect().json == ["active": false])
        #expect(try harness.refresh(refresh, client: client).json["error"] == "invalid_grant")
        #expect(try harness.redeem(pending, client: client, verifier: verifier).json["error"] == "invalid_grant")
    }

    @Test("revoke (RFC 7009): a refresh token ends its grant; an access token too; unknown tokens 200")
    func revokeTokens() throws {
        let harness = try OAuthTokenHarness()
        let (client, access, refresh) = try harness.grant()
        let revoked = try harness.post([("token", refresh), ("client_id", client.id)], to: "/oauth/revoke")
        #expect(revoked.status == 200 && revoked.headers["Cache-Control"] == "no-store")
        #expect(try harness.refresh(refresh, client: client).json["error"] == "invalid_grant")
        #expect(try harness.verify(access).status == 401, "the grant's access tokens are refused at once")

        let (other, otherAccess, otherRefresh) = try harness.grant()
        let byAccess = try harness.post(
            [("token", otherAccess), ("token_type_hint", "access_token"), ("client_id", other.id)], to: "/oauth/revoke")
        #expect(byAccess.status == 200)
        #expect(try harness.verify(otherAccess).status == 401)
        #expect(try harness.refresh(otherRefresh, client: other).json["error"] == "invalid_grant")

        for unknown in ["ghr_\(harness.fixture.tenant).\(String(repeating: "A", count: 43))", "nonsense", "a.b.c"] {
            #expect(try harness.post([("token", unknown), ("client_id", client.id)], to: "/oauth/revoke").status == 200)
        }
        #expect(try harness.post([("client_id", client.id)], to: "/oauth/revoke").json["error"] == "invalid_request")
    }

    @Test("revoke: only the client holding the token revokes it; confidential clients authenticate")
    func revokeOtherClient() throws {
        let harness = try OAuthTokenHarness()
        let (holder, access, refresh) = try harness.grant()
        let (stranger, _) = try harness.register()
        let attempt = try harness.post([("token", refresh), ("client_id", stranger.id)], to: "/oauth/revoke")
        #expect(attempt.status == 200)
        #expect(try harness.post([("token", access), ("client_id", stranger.id)], to: "/oauth/revoke").status == 200)
        #expect(try harness.verify(access).status == 200, "nothing was revoked")
        #expect(try harness.refresh(refresh, client: holder).status == 200)

        let (confidential, secret) = try harness.register(confidential: true)
        let unauthenticated = try harness.post([("token", refresh), ("client_id", confidential.id)], to: "/oauth/revoke")
        #expect(unauthenticated.status == 401 && unauthenticated.json["error"] == "invalid_client")
        let authenticated = try harness.post(
            [("token", refresh), ("client_id", confidential.id), ("client_secret", try #require(secret))],
            to: "/oauth/revoke")
        #expect(authenticated.status == 200)
    }
}
