import Foundation
import GatehouseCore
import Testing

@Suite("the shared authenticator accepts OTP sessions and the access tokens minted from them")
struct SessionAuthenticationTests {
    static func verify(
        cookie: String? = nil, bearer: String? = nil, headers: [String: String] = [:]
    )
        -> APIRequest
    {
        var request = OTPHarness.get("/v1/verify", cookie: cookie, bearer: bearer)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name, value) }
        return request
    }

    @Test("/v1/verify with the session cookie: 200, the user, credential type session, role defaults")
    func sessionCookie() throws {
        let harness = try OTPHarness()
        let owner = try #require(try harness.login(harness.ownerPhone).sessionCookie)
        let response = try harness.send(Self.verify(cookie: owner))
        #expect(response.status == 200, "\(response.json)")
        #expect(response.json["tenant_id"] == .string(harness.fixture.tenant))
        #expect(response.json["subject"] == "phone-owner" && response.json["subject_type"] == "user")
        #expect(response.json["credential_type"] == "session")
        #expect(response.json["key_id"]?.stringValue?.hasPrefix("ses_") == true)
        #expect(response.headers["X-Auth-Scopes"] == "*")

        let viewer = try #require(try harness.login(harness.viewerPhone).sessionCookie)
        let asViewer = try harness.send(Self.verify(cookie: viewer))
        #expect(asViewer.status == 200 && asViewer.headers["X-Auth-Scopes"] == "*:read")
        // Scope checks are the same as for every credential: a viewer's session may read, not manage keys.
        #expect(try harness.send(OTPHarness.get("/v1/api_keys", cookie: viewer)).status == 200)
        let create = try harness.send(
            OTPHarness.json("/v1/api_keys", ["name": "x", "scopes": ["data:read"]], cookie: viewer))
        #expect(create.status == 403 && create.json["error"]?["details"]?["missing_scope"] == "keys:manage")
        // An unknown (well-formed) session and a malformed cookie are 401.
        let unknown = "amrood_session=" + OpaqueToken.generate(.session, tag: harness.fixture.tenant).text
        #expect(try harness.send(Self.verify(cookie: unknown)).status == 401)
        #expect(try harness.send(Self.verify(cookie: "amrood_session=garbage")).status == 401)
        // The default cookie name is not read when another name is configured.
        let otherName = "__Host-gh_session=" + owner.split(separator: "=", maxSplits: 1)[1]
        #expect(try harness.send(Self.verify(cookie: otherName)).status == 401)
        #expect(!harness.fixture.logs.text.contains(owner.dropFirst(20)))
    }

    @Test("precedence: any credential header wins over the cookie, Authorization over X-API-Key")
    func precedence() throws {
        let harness = try OTPHarness()
        let cookie = try #require(try harness.login(harness.ownerPhone).sessionCookie)
        let key = harness.fixture.ownerKey.text
        let byKey = try harness.send(Self.verify(cookie: cookie, headers: ["X-API-Key": key]))
        #expect(byKey.status == 200 && byKey.json["credential_type"] == "api_key" && byKey.json["subject"] == "owner")
        // A bad credential header is refused even with a valid session next to it.
        #expect(try harness.send(Self.verify(cookie: cookie, bearer: "ak_live_nope")).status == 401)
        #expect(try harness.send(Self.verify(cookie: cookie, headers: ["X-API-Key": "nope"])).status == 401)
        let (_, agentKey) = try harness.fixture.store.createAgent(
            tenant: harness.fixture.tenant, name: "a", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let byAgent = try harness.send(Self.verify(cookie: cookie, headers: ["x-agent-key": agentKey.text]))
        #expect(byAgent.status == 200 && byAgent.json["credential_type"] == "agent_key")
    }

    @Test("logout, an operator's revocation and a disabled user: the cookie is 401 at once")
    func revocation() throws {
        let harness = try OTPHarness()
        let cookie = try #require(try harness.login(harness.ownerPhone).sessionCookie)
        #expect(try harness.send(Self.verify(cookie: cookie)).status == 200)
        #expect(try harness.send(OTPHarness.json("/v1/auth/logout", [:], cookie: cookie)).status == 200)
        let afterLogout = try harness.send(Self.verify(cookie: cookie))
        #expect(afterLogout.status == 401 && afterLogout.errorCode == "authentication_error")

        // Sessions opened directly (a second OTP login inside the resend cooldown would be 429).
        func open() throws -> (String, String) {
            let opened = try #require(
                try SessionStore.open(
                    for: .user(tenant: harness.fixture.tenant, id: "phone-viewer"), phone: nil, lifetimeSeconds: 3600,
                    now: SystemAccess.currentTimeMilliseconds(), redis: harness.fixture.store.redisClient))
            return ("amrood_session=" + opened.cookie.text, opened.session)
        }
        let (again, session) = try open()
        #expect(try harness.send(Self.verify(cookie: again)).json["key_id"] == .string(session))
        #expect(
            try SessionStore.revoke(
                sessionID: session, tenant: harness.fixture.tenant, now: SystemAccess.currentTimeMilliseconds(),
                redis: harness.fixture.store.redisClient))
        #expect(try harness.send(Self.verify(cookie: again)).status == 401)

        let (viewer, _) = try open()
        #expect(try harness.send(Self.verify(cookie: viewer)).status == 200)
        try harness.fixture.store.setUserStatus(tenant: harness.fixture.tenant, id: "phone-viewer", .disabled)
        #expect(try harness.send(Self.verify(cookie: viewer)).status == 401)
    }

    @Test("an administrator's session or access token is refused on tenant routes (403 platform_admin)")
    func administrators() throws {
        let harness = try OTPHarness()
        let phone = OTPHarness.randomPhone()
        try harness.fixture.store.createPlatformAdmin(phone: phone)
        let signedIn = try harness.login(phone)
        let cookie = try #require(signedIn.sessionCookie)
        for request in [
            Self.verify(cookie: cookie), OTPHarness.get("/v1/api_keys", cookie: cookie),
            OTPHarness.get("/v1/proof", cookie: cookie),
            Self.verify(bearer: signedIn.json["access_token"]?.stringValue),
        ] {
            let response = try harness.send(request)
            #expect(response.status == 403, "\(request.path) \(response.json)")
            #expect(response.json["error"]?["details"]?["reason"] == "platform_admin")
        }
        // The admin route itself still takes the admin session.
        #expect(try harness.send(OTPHarness.get("/v1/admin/session", cookie: cookie)).status == 200)
    }

    @Test("access tokens minted by OTP login and by refresh authenticate on /v1/verify")
    func mintedTokens() throws {
        let harness = try OTPHarness()
        let signedIn = try harness.login(harness.viewerPhone)
        let token = try #require(signedIn.json["access_token"]?.stringValue)
        let response = try harness.send(Self.verify(bearer: token))
        #expect(response.status == 200, "\(response.json)")
        #expect(response.json["credential_type"] == "access_token" && response.json["subject"] == "phone-viewer")
        #expect(response.json["tenant_id"] == .string(harness.fixture.tenant))
        #expect(response.headers["X-Auth-Scopes"] == "*:read")

        let refreshed = try harness.send(
            RefreshTests.refresh(try #require(signedIn.json["refresh_token"]?.stringValue)))
        let second = try #require(refreshed.json["access_token"]?.stringValue)
        #expect(try harness.send(Self.verify(bearer: second)).status == 200)
        let fromCookie = try harness.send(OTPHarness.json("/v1/auth/token", [:], cookie: signedIn.sessionCookie))
        let third = try #require(fromCookie.json["access_token"]?.stringValue)
        #expect(try harness.send(Self.verify(bearer: third)).json["subject"] == "phone-viewer")
    }
}
