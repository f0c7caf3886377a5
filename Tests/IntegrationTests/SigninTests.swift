import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("signin against a real Redis")
struct SigninTests {
    /// Verifies an access token with the test keys and returns its claims.
    func claims(of token: String?, _ fixture: GatehouseFixture) throws -> JSONObject {
        let configuration = try fixture.configuration()
        let verifier = JWTVerifier(
            keys: configuration.signingKeys!, issuer: configuration.issuer, audience: configuration.audience)
        return try verifier.verify(try #require(token), now: SystemAccess.currentTimeMilliseconds() / 1000)
    }

    @Test("seed 000: x-api-key, x-api-key-id and x-user-id give id_token, jwt and expires_at")
    func seed000Success() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.send(
            SigninRequest.seed000(
                org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer"))
        #expect(response.status == 200)
        #expect(response.json.objectValue?.names == ["id_token", "jwt", "expires_at"])
        #expect(response.json["id_token"] == response.json["jwt"])
        let expiresAt = try #require(response.json["expires_at"]?.stringValue)
        #expect(expiresAt.count == 24 && expiresAt.hasSuffix("Z"))
        let claims = try claims(of: response.json["jwt"]?.stringValue, fixture)
        #expect(claims["sub"] == "viewer")
        #expect(claims["tid"] == .string(fixture.tenant))
        #expect(claims["scope"] == "*:read")
        #expect(claims["act"]?["sub"] == "owner")
        #expect(claims["act"]?["key_id"] == .string(fixture.ownerKeyRecord.id))
        #expect(claims["client_id"] == .string(fixture.ownerKeyRecord.id))
        #expect(response.headers["RateLimit-Limit"] == "5")
        #expect(response.headers["RateLimit-Remaining"] == "4")
    }

    @Test("seed 000: Authorization: Bearer wins over x-api-key")
    func authorizationWins() throws {
        let fixture = try GatehouseFixture()
        var request = SigninRequest.seed000(org: fixture.tenant, key: "ak_live_wrong", keyID: nil, user: "editor")
        request.headers.add("Authorization", "Bearer \(fixture.ownerKey.text)")
        #expect(try fixture.send(request).status == 200)
        var reversed = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "editor")
        reversed.headers.add("Authorization", "Bearer ak_live_wrong")
        #expect(try fixture.send(reversed).status == 401)
    }

    @Test("seed 004: X-API-Key and {userId}, with and without the tenant in the path")
    func seed004Success() throws {
        let fixture = try GatehouseFixture()
        for tenant in [fixture.tenant, nil] {
            let response = try fixture.send(
                SigninRequest.seed004(tenant: tenant, key: fixture.ownerKey.text, userID: "admin"))
            #expect(response.status == 200, "tenant in path: \(tenant != nil)")
            #expect(response.json.objectValue?.names == ["token", "expires_at"])
            let claims = try claims(of: response.json["token"]?.stringValue, fixture)
            #expect(claims["sub"] == "admin")
            #expect(claims["scope"] == "*:read *:write audit:read keys:manage users:manage")
        }
    }

    @Test("RFC 8693 token exchange on /oauth/token")
    func tokenExchange() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.send(SigninRequest.tokenExchange(key: fixture.ownerKey.text, user: "editor"))
        #expect(response.status == 200)
        #expect(response.json["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token")
        #expect(response.json["token_type"] == "Bearer")
        #expect(response.json["expires_in"] == 3600)
        #expect(response.headers["Cache-Control"] == "no-store")
        let claims = try claims(of: response.json["access_token"]?.stringValue, fixture)
        #expect(claims["sub"] == "editor")
    }

    @Test("token exchange errors are in RFC 6749 form")
    func tokenExchangeErrors() throws {
        let fixture = try GatehouseFixture()
        let wrongKey = try fixture.send(SigninRequest.tokenExchange(key: APIKey.generate().text, user: "editor"))
        #expect(wrongKey.status == 400)
        #expect(wrongKey.json["error"] == "invalid_grant")
        #expect(wrongKey.headers["Cache-Control"] == "no-store")
        // RFC 8693 §2.2.2: a subject_token that is not an API key at all is a malformed request.
        for malformed in ["not-a-key", "ak_live_short", "agk_live_" + String(APIKey.generate().text.dropFirst(8))] {
            let refused = try fixture.send(SigninRequest.tokenExchange(key: malformed, user: "editor"))
            #expect(refused.status == 400, "\(malformed)")
            #expect(refused.json["error"] == "invalid_request", "\(malformed)")
        }
        let grant = APIRequest(
            method: "POST", path: "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("grant_type=password".utf8))
        #expect(try fixture.send(grant).json["error"] == "unsupported_grant_type")
        let json = APIRequest(
            method: "POST", path: "/oauth/token", headers: ["Content-Type": "application/json"],
            body: Array("{}".utf8))
        #expect(try fixture.send(json).status == 415)
    }

    @Test("the key's scopes are intersected with the creator's and the target's role defaults")
    func scopeIntersection() throws {
        let fixture = try GatehouseFixture()
        let (record, key) = try fixture.makeKey(by: "admin", scopes: "data:read keys:manage billing:write")
        let response = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: key.text, keyID: record.id, user: "editor"))
        #expect(response.status == 200)
        #expect(try claims(of: response.json["jwt"]?.stringValue, fixture)["scope"] == "billing:write data:read")
        let (legacyRecord, legacy) = try fixture.makeKey(by: "editor", scopes: "data:read", mode: .legacy)
        let legacyResponse = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: legacy.text, keyID: legacyRecord.id, user: "editor"))
        #expect(try claims(of: legacyResponse.json["jwt"]?.stringValue, fixture)["scope"] == "*:read *:write")
    }

    @Test("every refusal of SPEC §4 with its status and code")
    func refusals() throws {
        let fixture = try GatehouseFixture()
        let other = try GatehouseFixture()
        let key = fixture.ownerKey.text
        let keyID = fixture.ownerKeyRecord.id
        let now = SystemAccess.currentTimeMilliseconds()
        try other.store.createUser(tenant: other.tenant, id: "elsewhere", role: .viewer)
        try fixture.store.createUser(tenant: fixture.tenant, id: "gone", role: .viewer)
        try fixture.store.setUserStatus(tenant: fixture.tenant, id: "gone", .disabled)
        let (editorKeyRecord, editorKey) = try fixture.makeKey(by: "editor")
        let (revokedRecord, revokedKey) = try fixture.makeKey()
        try fixture.store.revokeKey(tenant: fixture.tenant, id: revokedRecord.id)
        let (expiredRecord, expiredKey) = try fixture.makeKey(expiresAt: now - 1)
        let (testRecord, testKey) = try fixture.makeKey(test: true)
        let malformed = String(key.dropLast()) + (key.last == "A" ? "B" : "A")

        let cases: [(String, APIRequest, Int, String)] = [
            (
                "wrong key",
                SigninRequest.seed000(org: fixture.tenant, key: APIKey.generate().text, keyID: keyID, user: "viewer"),
                401, "authentication_error"
            ),
            (
                "wrong key id",
                SigninRequest.seed000(org: fixture.tenant, key: key, keyID: "key_other", user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "unknown user", SigninRequest.seed000(org: fixture.tenant, key: key, keyID: keyID, user: "nobody"), 401,
                "authentication_error"
            ),
            (
                "user of another tenant",
                SigninRequest.seed000(org: fixture.tenant, key: key, keyID: keyID, user: "elsewhere"), 401,
                "authentication_error"
            ),
            (
                "key of another tenant",
                SigninRequest.seed000(org: other.tenant, key: key, keyID: keyID, user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "disabled user", SigninRequest.seed000(org: fixture.tenant, key: key, keyID: keyID, user: "gone"), 403,
                "forbidden"
            ),
            (
                "user above the key's creator",
                SigninRequest.seed000(
                    org: fixture.tenant, key: editorKey.text, keyID: editorKeyRecord.id, user: "admin"), 403,
                "forbidden"
            ),
            (
                "revoked key",
                SigninRequest.seed000(
                    org: fixture.tenant, key: revokedKey.text, keyID: revokedRecord.id, user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "expired key",
                SigninRequest.seed000(
                    org: fixture.tenant, key: expiredKey.text, keyID: expiredRecord.id, user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "ak_test_ key on live data",
                SigninRequest.seed000(org: fixture.tenant, key: testKey.text, keyID: testRecord.id, user: "viewer"),
                401, "authentication_error"
            ),
            (
                "missing key", SigninRequest.seed000(org: fixture.tenant, key: nil, keyID: keyID, user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "missing user header", SigninRequest.seed000(org: fixture.tenant, key: key, keyID: keyID, user: nil),
                401, "authentication_error"
            ),
            (
                "malformed key",
                SigninRequest.seed000(org: fixture.tenant, key: malformed, keyID: keyID, user: "viewer"), 401,
                "authentication_error"
            ),
            (
                "unknown org", SigninRequest.seed000(org: "no-such-org", key: key, keyID: keyID, user: "viewer"), 404,
                "not_found"
            ),
            (
                "invalid org", SigninRequest.seed000(org: "Bad%20Org", key: key, keyID: keyID, user: "viewer"), 422,
                "validation_error"
            ),
            (
                "seed 004 without userId",
                APIRequest(
                    method: "POST", path: "/v2.0/Auth/token-exchange",
                    headers: ["X-API-Key": key, "Content-Type": "application/json"],
                    body: Array(#"{"user":"viewer"}"#.utf8)), 422, "validation_error"
            ),
            (
                "seed 004 with a text body",
                APIRequest(
                    method: "POST", path: "/v2.0/Auth/token-exchange",
                    headers: ["X-API-Key": key, "Content-Type": "text/plain"], body: Array("viewer".utf8)), 415,
                "unsupported_media_type"
            ),
            (
                "seed 004 with broken JSON",
                APIRequest(
                    method: "POST", path: "/v2.0/Auth/token-exchange",
                    headers: ["X-API-Key": key, "Content-Type": "application/json"],
                    body: Array(#"{"userId":"viewer","userId":"admin"}"#.utf8)), 400, "invalid_request"
            ),
            (
                "body over 64 KiB",
                APIRequest(
                    method: "POST", path: "/v2.0/Auth/token-exchange",
                    headers: ["X-API-Key": key, "Content-Type": "application/json"],
                    body: [UInt8](repeating: 0x20, count: 65_537)), 413, "payload_too_large"
            ),
            (
                "key in the query string",
                APIRequest(
                    method: "POST", path: "/v1/\(fixture.tenant)/user/signin_with_api_key", rawQuery: "api_key=\(key)",
                    headers: ["x-user-id": "viewer"]), 400, "invalid_request"
            ),
            (
                "GET on a POST route",
                APIRequest(method: "GET", path: "/v1/\(fixture.tenant)/user/signin_with_api_key"), 405,
                "method_not_allowed"
            ),
        ]
        for (name, request, status, code) in cases {
            let response = try fixture.send(request)
            #expect(response.status == status, "\(name)")
            #expect(response.errorCode == code, "\(name)")
            #expect(response.json["error"]?["request_id"]?.stringValue?.hasPrefix("req_") == true, "\(name)")
        }
        // Refusals of an unknown, revoked or expired key write nothing: no rate-limit window appears.
        let counters = try fixture.store.redisKeys(matching: "gh:{\(fixture.tenant)}:rl:*")
        #expect(!counters.isEmpty)
        #expect(!counters.contains { $0.contains(revokedRecord.id) || $0.contains(expiredRecord.id) }, "\(counters)")
        // tenant + user set + 5 users + key set + hash index + 5 keys + the audit stream = 15, plus
        // the windows and the per-creator key sets.
        let creatorSets = try fixture.store.redisKeys(matching: "gh:{\(fixture.tenant)}:userkeys:*")
        // The users' and keys' sorted list indexes (ListIndex), written with their records.
        let listIndexes = try fixture.store.redisKeys(matching: "gh:{\(fixture.tenant)}:*:order")
        #expect(
            try fixture.store.redisKeys(matching: "gh:{\(fixture.tenant)}:*").count
                == counters.count + 15 + creatorSets.count + listIndexes.count,
            "only the tenant, its users, its keys, their indexes and the windows exist")
        #expect(!fixture.logs.text.contains(key.dropFirst(14)), "a key secret reached the log")
    }

    @Test("a malformed key is refused without touching Redis (401, not 503, with Redis unreachable)")
    func malformedKeyNeedsNoRedis() throws {
        let fixture = try GatehouseFixture()
        let dead = "unix:///nonexistent/gatehouse-\(UUID().uuidString).sock"
        let response = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: "ak_live_notavalidkey", keyID: nil, user: "viewer"),
            redisURL: dead)
        #expect(response.status == 401)
    }

    @Test("the 6th request in a minute is refused with 429 and Retry-After")
    func sixthRequestLimited() throws {
        let fixture = try GatehouseFixture()
        let request = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
        let statuses = try (1...6).map { _ in try fixture.send(request).status }
        #expect(statuses == [200, 200, 200, 200, 200, 429])
        let limited = try fixture.send(request)
        #expect(limited.errorCode == "rate_limited")
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(limited.headers["RateLimit-Remaining"] == "0")
    }

    @Test("30 refused sign-ins from one address get 401; the 31st is 429 with Retry-After and RateLimit-*")
    func refusedSigninsCountAgainstTheAddress() throws {
        let fixture = try GatehouseFixture()
        var request = SigninRequest.seed000(
            org: fixture.tenant, key: "ak_live_notavalidkey", keyID: nil, user: "viewer")
        request.remoteAddress = "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
        let statuses = try (1...30).map { _ in try fixture.send(request).status }
        #expect(statuses == Array(repeating: 401, count: 30))
        let limited = try fixture.send(request)
        #expect(limited.status == 429 && limited.errorCode == "rate_limited")
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(limited.headers["RateLimit-Limit"] == "30" && limited.headers["RateLimit-Remaining"] == "0")
    }

    @Test("20 parallel requests against the limit of 5: exactly 5 succeed")
    func parallelRequestsAreCountedExactly() throws {
        let fixture = try GatehouseFixture()
        let application = try fixture.application()
        let request = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            let redis = RedisClient(configuration: application.configuration.redis)
            let status = application.handle(request, redis: redis).status
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 200 }.count == 5)
        #expect(all.filter { $0 == 429 }.count == 15)
    }

    @Test("Redis stopped: 503 unavailable with Retry-After, never a token")
    func redisStopped() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let request = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
        #expect(try fixture.send(request).status == 200)
        server.stop()
        let response = try fixture.send(request)
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(response.headers["Retry-After"] != nil)
    }

    @Test("round trips: one for a route naming the tenant, two for one that does not")
    func roundTrips() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let admin = fixture.store.redisClient
        func commands(_ request: APIRequest) throws -> Int64 {
            _ = try admin.command(["CONFIG", "RESETSTAT"])
            #expect(try fixture.send(request).status == 200)
            // Commands a script runs are counted under their own names; the client's own commands
            // here are GET, EVALSHA and EVAL (after NOSCRIPT), so their calls are the round trips.
            let info = try admin.command(["INFO", "commandstats"]).stringValue ?? ""
            return info.split(whereSeparator: \.isNewline).reduce(0) { total, line in
                guard ["cmdstat_get:", "cmdstat_evalsha:", "cmdstat_eval:"].contains(where: line.hasPrefix),
                    let calls = line.split(separator: "=").dropFirst().first?.split(separator: ",").first
                else { return total }
                return total + (Int64(calls) ?? 0)
            }
        }
        _ = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer"))
        #expect(
            try commands(
                SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer")) == 1
        )
        #expect(try commands(SigninRequest.seed004(tenant: nil, key: fixture.ownerKey.text, userID: "viewer")) == 2)
        #expect(try commands(APIRequest(method: "GET", path: "/.well-known/jwks.json")) == 0)
    }

    @Test("maintenance mode answers 503 on signin and still serves the JWKS")
    func maintenance() throws {
        let fixture = try GatehouseFixture()
        let signin = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer"),
            ["GATEHOUSE_MAINTENANCE": "true"])
        #expect(signin.status == 503)
        let jwks = try fixture.send(
            APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            ["GATEHOUSE_MAINTENANCE": "true"])
        #expect(jwks.status == 200)
    }
}

extension TenantStore {
    /// Keys matching a pattern (tests only: KEYS is fine on a private server). On a cluster it runs
    /// on the node of the pattern's hash tag (`gh:{tenant}:*`), through a script keyed by the pattern.
    func redisKeys(matching pattern: String) throws -> [String] {
        try redisClient.evaluate(Self.keysScript, keys: [.string(pattern)], arguments: [])
            .arrayValue?.compactMap(\.stringValue) ?? []
    }

    private static let keysScript = RedisScript("return redis.call('KEYS', KEYS[1])")
}
