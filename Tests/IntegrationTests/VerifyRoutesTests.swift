import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("verify function against a real Redis")
struct VerifyRoutesTests {
    /// A client address no other test uses, so IP limits never collide.
    func uniqueAddress() -> String {
        "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    @Test("200 with the principal as JSON and X-Auth-* headers, for X-API-Key, Bearer key and access token")
    func success() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.call("GET", "/v1/verify", headers: ["X-API-Key": fixture.ownerKey.text])
        #expect(response.status == 200)
        #expect(response.headers["X-Auth-Tenant"] == fixture.tenant)
        #expect(response.headers["X-Auth-Subject"] == "owner")
        #expect(response.headers["X-Auth-Scopes"] == "*")
        #expect(response.json["credential_type"] == "api_key" && response.json["legacy_mode"] == false)
        #expect(try fixture.call("POST", "/v1/verify", key: fixture.ownerKey.text).status == 200)

        let signin = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "editor"))
        let token = try #require(signin.json["jwt"]?.stringValue)
        let viaToken = try fixture.call("GET", "/v1/verify", key: token)
        #expect(viaToken.status == 200)
        #expect(viaToken.json["credential_type"] == "access_token" && viaToken.json["subject"] == "editor")
        #expect(viaToken.json["key_id"] == .string(fixture.ownerKeyRecord.id))
        #expect(try fixture.call("GET", "/v1/verify", key: token + "x").status == 401)
    }

    @Test("required scope by ?scope= or X-Required-Scope: 403 naming it; identical for keys and tokens")
    func requiredScope() throws {
        let fixture = try GatehouseFixture()
        let (_, key) = try fixture.makeKey(scopes: "data:read")
        let viaQuery = try fixture.call("GET", "/v1/verify", key: key.text, query: "scope=data:write")
        #expect(viaQuery.status == 403 && viaQuery.json["error"]?["details"]?["missing_scope"] == "data:write")
        let viaHeader = try fixture.call(
            "GET", "/v1/verify", key: key.text, headers: ["X-Required-Scope": "data:write"])
        #expect(viaHeader.status == 403)
        #expect(try fixture.call("GET", "/v1/verify", key: key.text, query: "scope=data:read").status == 200)
        #expect(try fixture.call("GET", "/v1/verify", key: key.text, query: "scope=Not%20a%20scope").status == 400)
        let signin = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: key.text, keyID: nil, user: "viewer"))
        let token = try #require(signin.json["jwt"]?.stringValue)
        let tokenDenied = try fixture.call("GET", "/v1/verify", key: token, query: "scope=data:write")
        #expect(tokenDenied.status == 403 && tokenDenied.json["error"]?["details"]?["missing_scope"] == "data:write")
    }

    @Test("a credential in the query string is 400 and never logged")
    func queryCredential() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.call("GET", "/v1/verify", query: "api_key=\(fixture.ownerKey.text)")
        #expect(response.status == 400)
        #expect(!fixture.logs.text.contains(fixture.ownerKey.text))
    }

    @Test("30 parallel unauthenticated requests from one address: exactly 30 get 401, then 429")
    func unauthenticatedLimit() throws {
        let fixture = try GatehouseFixture()
        let address = uniqueAddress()
        let statuses = Mutex<[Int]>([])
        let application = try fixture.application()
        DispatchQueue.concurrentPerform(iterations: 30) { _ in
            let redis = RedisClient(configuration: application.configuration.redis)
            let status = application.handle(
                GatehouseFixture.request("GET", "/v1/verify", remoteAddress: address), redis: redis
            ).status
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 } == Array(repeating: 401, count: 30))
        let over = try fixture.call("GET", "/v1/verify", remoteAddress: address)
        #expect(over.status == 429 && over.headers["Retry-After"] != nil)
        // A valid credential from the same address is not affected.
        #expect(try fixture.call("GET", "/v1/verify", key: fixture.ownerKey.text, remoteAddress: address).status == 200)
    }

    @Test("a forged X-Forwarded-For from an untrusted peer changes nothing; from a trusted proxy it is believed")
    func forwardedFor() throws {
        let fixture = try GatehouseFixture()
        let peer = uniqueAddress()
        for index in 0..<30 {
            _ = try fixture.call(
                "GET", "/v1/verify", headers: ["X-Forwarded-For": "198.51.100.\(index)"], remoteAddress: peer)
        }
        let forged = try fixture.call(
            "GET", "/v1/verify", headers: ["X-Forwarded-For": "203.0.113.77"], remoteAddress: peer)
        #expect(forged.status == 429)
        let trusted = try fixture.call(
            "GET", "/v1/verify", headers: ["X-Forwarded-For": uniqueAddress()],
            extra: ["GATEHOUSE_TRUSTED_PROXIES": peer],
            remoteAddress: peer)
        #expect(trusted.status == 401)
    }

    @Test("per-principal limits: a key's own limit, 100 a minute per agent; the window reopens")
    func principalLimits() throws {
        let fixture = try GatehouseFixture()
        let clock = TestClock()
        let (_, limited) = try fixture.store.createAPIKey(
            tenant: fixture.tenant, createdBy: "owner", name: "l", scopes: ScopeSet(parsing: "*")!,
            rateLimitPerMinute: 3)
        for expected in [200, 200, 200, 429] {
            let response = try fixture.call("GET", "/v1/verify", key: limited.text, clock: clock)
            #expect(response.status == expected)
            if expected == 200 { #expect(response.headers["RateLimit-Limit"] == "3") }
        }
        clock.advance(60_000)
        #expect(try fixture.call("GET", "/v1/verify", key: limited.text, clock: clock).status == 200)

        let (_, agentKey) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "a", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let application = try fixture.application(clock: clock.function)
        let redis = RedisClient(configuration: application.configuration.redis)
        var passed = 0
        for _ in 0..<101 {
            let response = application.handle(
                GatehouseFixture.request("GET", "/v1/verify", headers: ["x-agent-key": agentKey.text]), redis: redis)
            if response.status == 200 { passed += 1 } else { #expect(response.status == 429) }
        }
        #expect(passed == 100)
        // The agent's limit holds on every route it calls (SPEC §4), management routes included.
        #expect(
            application.handle(
                GatehouseFixture.request("GET", "/v1/agents/x", headers: ["x-agent-key": agentKey.text]), redis: redis
            ).status == 429)
    }

    @Test("POST /oauth/introspect (RFC 7662): active for the caller's tenant, inactive otherwise")
    func introspection() throws {
        let fixture = try GatehouseFixture()
        let other = try GatehouseFixture()
        let (_, key) = try fixture.makeKey(scopes: "data:read")
        func introspect(_ token: String, as caller: GatehouseFixture) throws -> APIResponse {
            try caller.call(
                "POST", "/oauth/introspect", key: caller.ownerKey.text, form: FormURLEncoded.encode([("token", token)]))
        }
        let active = try introspect(key.text, as: fixture)
        #expect(active.status == 200 && active.json["active"] == true && active.json["scope"] == "data:read")
        #expect(active.headers["Cache-Control"] == "no-store")
        #expect(try introspect(key.text, as: other).json == ["active": false])
        #expect(try introspect("garbage", as: fixture).json == ["active": false])
        // The caller's own failed authentication is RFC 6749's invalid_client (401), not a refused grant.
        let anonymous = try fixture.call("POST", "/oauth/introspect", form: "token=x")
        #expect(anonymous.status == 401 && anonymous.json["error"] == "invalid_client")
        let wrongKey = try fixture.call("POST", "/oauth/introspect", key: "ak_live_nonsense", form: "token=x")
        #expect(wrongKey.status == 401 && wrongKey.json["error"] == "invalid_client")
        #expect(wrongKey.headers["Cache-Control"] == "no-store")
    }

    @Test("Redis stopped: 503 unavailable with Retry-After on verify and keys, never a success")
    func redisStopped() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        #expect(try fixture.call("GET", "/v1/verify", key: fixture.ownerKey.text).status == 200)
        server.stop()
        for (method, path) in [("GET", "/v1/verify"), ("GET", "/v1/api_keys"), ("POST", "/v1/api_keys")] {
            let response = try fixture.call(
                method, path, key: fixture.ownerKey.text, json: method == "POST" ? "{}" : nil)
            #expect(response.status == 503 && response.errorCode == "unavailable", "\(method) \(path)")
            #expect(response.headers["Retry-After"] != nil)
        }
    }
}
