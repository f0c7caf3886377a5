import Foundation
import GatehouseCore
import Testing

@Suite("platform administrators: OTP only, admin routes for admin sessions only")
struct PlatformAdminTests {
    @Test("an administrator signs in by OTP and reaches the admin route (audited); a user's session gets 403")
    func adminSession() throws {
        let harness = try OTPHarness()
        let adminPhone = OTPHarness.randomPhone()
        let admin = try harness.fixture.store.createPlatformAdmin(phone: adminPhone)
        let signedIn = try harness.login(adminPhone)
        #expect(signedIn.status == 200)
        #expect(signedIn.json["user"]?["type"] == "platform_admin")
        let cookie = try #require(signedIn.sessionCookie)
        let route = try harness.send(OTPHarness.get("/v1/admin/session", cookie: cookie))
        #expect(route.status == 200)
        #expect(route.json["admin"]?["id"] == .string(admin.id))
        #expect(route.json["session"]?["kind"] == "admin")
        let audit = try AuditLog.readNewest(
            tenant: TenantKeys.platform.tenant, end: "+", start: "-", limit: 50,
            redis: harness.fixture.store.redisClient)
        #expect(audit.contains { record in
            record.fields.contains { $0 == ("route", "/v1/admin/session") } && record.fields.contains { $0 == ("subject", admin.id) }
        }, "the admin route's call is audited in the platform's stream")

        let user = try harness.login(harness.ownerPhone)
        let refused = try harness.send(OTPHarness.get("/v1/admin/session", cookie: user.sessionCookie))
        #expect(refused.status == 403)
        #expect(refused.json["error"]?["details"]?["reason"] == "admin_required")
        #expect(try harness.send(OTPHarness.get("/v1/admin/session")).status == 401)
        // An access token (even an administrator's) is not an admin session.
        let bearer = try harness.send(
            OTPHarness.get("/v1/admin/session", bearer: signedIn.json["access_token"]?.stringValue))
        #expect(bearer.status == 401)

        try harness.fixture.store.setPlatformAdminStatus(admin.id, .disabled)
        #expect(try harness.send(OTPHarness.get("/v1/admin/session", cookie: cookie)).status == 401)
    }

    @Test("GET /v1/admin/tenants: the directory a page at a time for an admin session, audited in the platform's stream; nothing else gets it")
    func tenantDirectory() throws {
        let harness = try OTPHarness()
        let store = harness.fixture.store
        let second = "t-" + Base62.random(count: 12).lowercased()
        try store.createTenant(id: second, name: "Second & Co")
        let adminPhone = OTPHarness.randomPhone()
        let admin = try store.createPlatformAdmin(phone: adminPhone)
        let cookie = try #require(try harness.login(adminPhone).sessionCookie)

        // Every page, newest first, two at a time: both tenants of this test are listed once.
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let query = "limit=2" + (cursor.map { "&cursor=" + $0 } ?? "")
            let page = try harness.send(Self.tenants(query, cookie: cookie))
            try #require(page.status == 200, "\(page.text)")
            let data = try #require(page.json["data"]?.arrayValue)
            #expect(data.count <= 2)
            seen += data.compactMap { $0["id"]?.stringValue }
            cursor = page.json["next"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 10_000
        #expect(seen.filter { $0 == harness.fixture.tenant }.count == 1 && seen.filter { $0 == second }.count == 1)
        #expect(seen.firstIndex(of: second)! < seen.firstIndex(of: harness.fixture.tenant)!, "newest first")
        let one = try harness.send(Self.tenants("limit=1000", cookie: cookie))
        let listed = try #require(one.json["data"]?.arrayValue?.first { $0["id"]?.stringValue == second })
        #expect(listed["name"] == "Second & Co" && listed["created_at"]?.stringValue?.hasSuffix("Z") == true)
        #expect(try harness.send(Self.tenants("limit=0", cookie: cookie)).status == 422)

        let audit = try AuditLog.readNewest(
            tenant: TenantKeys.platform.tenant, end: "+", start: "-", limit: 50, redis: store.redisClient)
        let record = try #require(audit.first { record in
            record.fields.contains { $0 == ("route", "/v1/admin/tenants") }
                && record.fields.contains { $0 == ("subject", admin.id) } && record.fields.contains { $0 == ("status", "200") }
        })
        #expect(record.fields.contains { $0 == ("subject_type", "platform_admin") })
        #expect(record.fields.contains { $0 == ("credential_type", "session") })
        #expect(record.fields.contains { $0 == ("outcome", "success") })

        let user = try harness.login(harness.ownerPhone)
        let refused = try harness.send(OTPHarness.get("/v1/admin/tenants", cookie: user.sessionCookie))
        #expect(refused.status == 403 && refused.json["error"]?["details"]?["reason"] == "admin_required")
        let tenantAudit = try AuditLog.readNewest(
            tenant: harness.fixture.tenant, end: "+", start: "-", limit: 20, redis: store.redisClient)
        #expect(tenantAudit.contains { record in
            record.fields.contains { $0 == ("route", "/v1/admin/tenants") }
                && record.fields.contains { $0 == ("status", "403") }
        }, "the refusal is the user's tenant's business")
        #expect(try harness.send(OTPHarness.get("/v1/admin/tenants")).status == 401)
        #expect(try harness.send(OTPHarness.get("/v1/admin/tenants", bearer: harness.fixture.ownerKey.text)).status == 401)
        // The administrator's session is no tenant's principal.
        let keys = try harness.send(OTPHarness.get("/v1/api_keys", cookie: cookie))
        #expect(keys.status == 403 && keys.json["error"]?["details"]?["reason"] == "platform_admin")
    }

    /// `GET /v1/admin/tenants?<query>` with the session cookie.
    static func tenants(_ query: String, cookie: String) -> APIRequest {
        var request = OTPHarness.get("/v1/admin/tenants", cookie: cookie)
        request.rawQuery = query
        return request
    }
}
