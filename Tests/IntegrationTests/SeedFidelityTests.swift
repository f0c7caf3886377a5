import Foundation
import GatehouseCore
import Testing

/// What a user migrating from the seed vendors tries first (issue 9, SPEC §2, §4, §6).
@Suite("seed fidelity: agents, platforms, phones, apps, seed 004 users, curl's form content type")
struct SeedFidelityTests {
    /// A fixture with a platform credential and two agents, one owned by `owner`.
    struct Platform {
        let fixture: GatehouseFixture
        let headers: [String: String]
        let ownedAgent: (id: String, key: String)
        let otherAgent: (id: String, key: String)

        init() throws {
            fixture = try GatehouseFixture()
            let (platform, secret) = try fixture.store.createPlatformCredential(tenant: fixture.tenant, name: "p")
            headers = ["x-platform-id": platform.id, "x-platform-secret": secret.text]
            let owned = try fixture.store.createAgent(
                tenant: fixture.tenant, name: "owned", ownerID: "owner", scopes: ScopeSet(parsing: "*:read")!)
            let other = try fixture.store.createAgent(
                tenant: fixture.tenant, name: "other", ownerID: "editor", scopes: ScopeSet(parsing: "*:read")!)
            ownedAgent = (owned.record.id, owned.secret.text)
            otherAgent = (other.record.id, other.secret.text)
        }
    }

    /// Sends `limit + 1` requests through one application: the first `limit` pass, the next is 429.
    static func expectLimit(
        _ limit: Int, _ fixture: GatehouseFixture, _ request: APIRequest,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let application = try fixture.application()
        let redis = RedisClient(configuration: application.configuration.redis)
        let statuses = (0...limit).map { _ in application.handle(request, redis: redis).status }
        #expect(statuses.prefix(limit).allSatisfy { $0 == 200 }, sourceLocation: sourceLocation)
        #expect(statuses.last == 429, sourceLocation: sourceLocation)
    }

    @Test("seed 002: an agent key's 100/min applies on GET /v1/agents/{id}, not only /v1/verify")
    func agentLimitOnEveryRoute() throws {
        let platform = try Platform()
        let headers = ["x-agent-key": platform.ownedAgent.key]
        try Self.expectLimit(
            100, platform.fixture,
            GatehouseFixture.request("GET", "/v1/agents/\(platform.ownedAgent.id)", headers: headers))
    }

    @Test("seed 002: a platform credential's 1000/min applies on the management routes too")
    func platformLimitOnEveryRoute() throws {
        let platform = try Platform()
        try Self.expectLimit(
            1000, platform.fixture,
            GatehouseFixture.request("GET", "/v1/agents/\(platform.otherAgent.id)", headers: platform.headers))
    }

    @Test("GET /v1/agents: the platform sees every agent, an owner their own, an agent only itself")
    func listAgents() throws {
        let platform = try Platform()
        func ids(_ response: APIResponse) -> Set<String> {
            Set((response.json["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        }
        let all = try platform.fixture.call("GET", "/v1/agents", headers: platform.headers)
        #expect(all.status == 200)
        #expect(ids(all) == [platform.ownedAgent.id, platform.otherAgent.id])
        let (_, ownerKey) = try platform.fixture.makeKey(by: "owner", scopes: "*:read")
        let owners = try platform.fixture.call("GET", "/v1/agents", key: ownerKey.text)
        #expect(owners.status == 200 && ids(owners) == [platform.ownedAgent.id])
        let itself = try platform.fixture.call(
            "GET", "/v1/agents", headers: ["x-agent-key": platform.otherAgent.key])
        #expect(itself.status == 200 && ids(itself) == [platform.otherAgent.id])
        #expect(all.json["data"]?.arrayValue?.first?["key"] == nil, "never a key")
    }

    @Test("POST /v1/owners and /v1/users normalise phones as send-otp does (9876543210 with the default country)")
    func phonesNormalisedEverywhere() throws {
        let platform = try Platform()
        let national = String(UInt32.random(in: 200_000_000...999_999_999)) + "0"
        let owner = try platform.fixture.call(
            "POST", "/v1/owners", headers: platform.headers,
            json: #"{"id":"olga-\#(national)","phone":"\#(national)"}"#)
        #expect(owner.status == 201, "\(owner.json)")
        #expect(owner.json["phone"]?.stringValue == "+1" + national)
        let other = String(UInt32.random(in: 200_000_000...999_999_999)) + "1"
        let user = try platform.fixture.call(
            "POST", "/v1/users", key: platform.fixture.ownerKey.text,
            json: #"{"role":"viewer","phone":"(\#(other.prefix(3))) \#(other.dropFirst(3))"}"#)
        #expect(user.status == 201, "\(user.json)")
        #expect(user.json["phone"]?.stringValue == "+1" + other)
    }

    @Test("seed 004: GET /tenant/{tenantId}/api/v2.0/Users with X-API-Key lists the users as GET /v1/users does")
    func seed004Users() throws {
        let fixture = try GatehouseFixture()
        let headers = ["X-API-Key": fixture.ownerKey.text, "Content-Type": "application/json"]
        let seed = try fixture.call("GET", "/tenant/\(fixture.tenant)/api/v2.0/Users", headers: headers)
        let canonical = try fixture.call("GET", "/v1/users", key: fixture.ownerKey.text)
        #expect(seed.status == 200)
        #expect(seed.json == canonical.json)
        let other = try GatehouseFixture()
        #expect(try fixture.call("GET", "/tenant/\(other.tenant)/api/v2.0/Users", headers: headers).status == 404)
    }

    @Test("X-App-Id naming no app: 403 app_mismatch, reason unknown_app; a real app is accepted; the scope is shown")
    func unknownApp() throws {
        let fixture = try GatehouseFixture()
        _ = try fixture.store.createApp(tenant: fixture.tenant, id: "billing", name: "Billing")
        let unknown = try fixture.call(
            "GET", "/v1/verify", key: fixture.ownerKey.text, headers: ["X-App-Id": "no-such-app"])
        #expect(unknown.status == 403)
        #expect(unknown.errorCode == "app_mismatch")
        #expect(unknown.json["error"]?["details"]?["reason"] == "unknown_app")
        let known = try fixture.call("GET", "/v1/verify", key: fixture.ownerKey.text, headers: ["X-App-Id": "billing"])
        #expect(known.status == 200)
        #expect(known.json["app_id"] == "billing")
        #expect(known.json["key_scope"] == "tenant")
        let (_, bound) = try fixture.store.createAPIKey(
            tenant: fixture.tenant, createdBy: "owner", name: "bound", scopes: ScopeSet(parsing: "*")!,
            appID: "billing")
        let appScoped = try fixture.call("GET", "/v1/verify", key: bound.text)
        #expect(appScoped.status == 200 && appScoped.json["key_scope"] == "app")
    }

    @Test("a JSON body sent as application/x-www-form-urlencoded (curl -d) is accepted with a header credential")
    func jsonUnderFormContentType() throws {
        let fixture = try GatehouseFixture()
        let created = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, form: #"{"name":"curl","scopes":["data:read"]}"#)
        #expect(created.status == 201, "\(created.json)")
        let id = try #require(created.json["id"]?.stringValue)
        let rotated = try fixture.call(
            "POST", "/v1/api_keys/\(id)/rotate", key: fixture.ownerKey.text, form: #"{ "grace_period_hours": 24 }"#)
        #expect(rotated.status == 201, "\(rotated.json)")
        // A body that is not JSON stays refused as the wrong type.
        let notJSON = try fixture.call("POST", "/v1/api_keys", key: fixture.ownerKey.text, form: "name=curl")
        #expect(notJSON.status == 415)
    }

    @Test("cookie-authenticated requests stay strict: a JSON body under the form content type is 415")
    func cookieRequestsStayStrict() throws {
        let harness = try OTPHarness()
        let login = try harness.login(harness.ownerPhone)
        let cookie = try #require(login.sessionCookie)
        let request = GatehouseFixture.request(
            "POST", "/v1/api_keys", headers: ["Cookie": cookie], form: #"{"name":"csrf","scopes":["data:read"]}"#)
        #expect(try harness.send(request).status == 415)
    }
}
