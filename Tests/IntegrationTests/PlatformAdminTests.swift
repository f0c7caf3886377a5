import Foundation
import GatehouseCore
import Testing

@Suite("platform administrators: OTP only, admin routes for admin sessions only")
struct PlatformAdminTests {
    @Test("an administrator signs in by OTP and reaches the admin route; a user's session gets 403")
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
}
