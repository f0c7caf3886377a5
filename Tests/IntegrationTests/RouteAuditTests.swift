import Foundation
import GatehouseCore
import Testing

/// SPEC §6: one audit record per authenticated call and per failed authentication on every route,
/// sign-in, token exchange, OTP send and verify, and refresh included, with the app id.
@Suite("audit records on the sign-in, OTP and refresh routes")
struct RouteAuditTests {
    /// The records of a tenant's stream, oldest first.
    static func records(_ fixture: GatehouseFixture, stream: String? = nil) throws -> [JSONObject] {
        let reply = try fixture.store.redisClient.command([
            "XRANGE", .string(stream ?? TenantKeys(fixture.tenant).audit), "-", "+",
        ])
        return (reply.arrayValue ?? []).compactMap { entry in
            guard let parts = entry.arrayValue, parts.count == 2, let id = parts[0].stringValue else { return nil }
            let values = (parts[1].arrayValue ?? []).compactMap(\.stringValue)
            let fields = stride(from: 0, to: values.count - 1, by: 2).map { (values[$0], values[$0 + 1]) }
            return AuditEvent.json(id: id, fields: fields)
        }
    }

    /// Sends a request and returns the response with the records it added to the tenant's stream.
    static func audited(
        _ fixture: GatehouseFixture, _ request: APIRequest, _ extra: [String: String] = [:],
        send: ((APIRequest) throws -> APIResponse)? = nil
    ) throws -> (APIResponse, [JSONObject]) {
        let before = try records(fixture).count
        let response = try send?(request) ?? fixture.send(request, extra)
        return (response, Array(try records(fixture).dropFirst(before)))
    }

    @Test("sign-in, all three shapes: one record per 200 and per 401, with route, status, key and app id")
    func signin() throws {
        let fresh = try GatehouseFixture()
        var request = SigninRequest.seed000(org: fresh.tenant, key: fresh.ownerKey.text, keyID: nil, user: "viewer")
        request.headers.add("X-App-Id", "app-1")
        request.headers.add("User-Agent", "audit-test")
        let (ok, okRecords) = try Self.audited(fresh, request)
        #expect(ok.status == 200)
        #expect(okRecords.count == 1)
        #expect(okRecords.first?["route"]?.stringValue == "/v1/{org}/user/signin_with_api_key")
        #expect(okRecords.first?["status"]?.integerValue == 200)
        #expect(okRecords.first?["outcome"]?.stringValue == "success")
        #expect(okRecords.first?["subject"]?.stringValue == "viewer")
        #expect(okRecords.first?["key_id"]?.stringValue == fresh.ownerKeyRecord.id)
        #expect(okRecords.first?["app_id"]?.stringValue == "app-1")
        #expect(okRecords.first?["user_agent"]?.stringValue == "audit-test")
        #expect(okRecords.first?["tenant"]?.stringValue == fresh.tenant)

        let unknownKey = APIKey.generate(.apiKey).text
        let (refused, refusedRecords) = try Self.audited(
            fresh, SigninRequest.seed000(org: fresh.tenant, key: unknownKey, keyID: nil, user: "viewer"))
        #expect(refused.status == 401)
        #expect(refusedRecords.count == 1)
        #expect(refusedRecords.first?["outcome"]?.stringValue == "auth_failed")
        #expect(refusedRecords.first?["status"]?.integerValue == 401)

        let (exchanged, exchangeRecords) = try Self.audited(
            fresh, SigninRequest.seed004(tenant: nil, key: fresh.ownerKey.text, userID: "editor"))
        #expect(exchanged.status == 200)
        #expect(exchangeRecords.count == 1)
        #expect(exchangeRecords.first?["route"]?.stringValue == "/v2.0/Auth/token-exchange")

        let (oauth, oauthRecords) = try Self.audited(
            fresh, SigninRequest.tokenExchange(key: fresh.ownerKey.text, user: "viewer"))
        #expect(oauth.status == 200)
        #expect(oauthRecords.count == 1)
        #expect(oauthRecords.first?["route"]?.stringValue == "/oauth/token")
    }

    @Test(
        "every sign-in decision's record carries the status the caller got",
        arguments: [
            ("viewer", nil as String?, 200), ("owner", nil, 200), ("nobody", nil, 401), ("viewer", "key_wrong", 401),
        ])
    func recordMatchesAnswer(user: String, keyID: String?, status: Int) throws {
        let fixture = try GatehouseFixture()
        let (response, added) = try Self.audited(
            fixture, SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: keyID, user: user))
        #expect(response.status == status, "\(fixture.logs.text.suffix(600))")
        #expect(added.count == 1)
        #expect(added.first?["status"]?.integerValue == Int64(status))
    }

    @Test("a disabled user (403) and a user above the key's creator (403) are recorded as denied")
    func deniedSignins() throws {
        let fixture = try GatehouseFixture()
        let (_, editorKey) = try fixture.makeKey(by: "editor")
        let (above, aboveRecords) = try Self.audited(
            fixture, SigninRequest.seed000(org: fixture.tenant, key: editorKey.text, keyID: nil, user: "owner"))
        #expect(above.status == 403)
        #expect(aboveRecords.map { $0["status"]?.integerValue } == [403])
        #expect(aboveRecords.first?["outcome"]?.stringValue == "denied")
    }

    @Test("35 wrong keys from one IP: 30 × 401, then 429 (failed sign-ins count against the IP's limit)")
    func failedSigninsCountPerIP() throws {
        let fixture = try GatehouseFixture()
        let application = try fixture.application()
        let redis = RedisClient(configuration: application.configuration.redis)
        let address = "10.77.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 1...254))"
        var statuses: [Int] = []
        for _ in 0..<35 {
            var request = SigninRequest.seed000(
                org: fixture.tenant, key: APIKey.generate(.apiKey).text, keyID: nil, user: "viewer")
            request.remoteAddress = address
            statuses.append(application.handle(request, redis: redis).status)
        }
        #expect(statuses.prefix(30).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(5).allSatisfy { $0 == 429 }, "\(statuses)")
    }

    @Test("refresh: one record for a rotation and one for a refused token, in the subject's tenant")
    func refresh() throws {
        let harness = try OTPHarness()
        let login = try harness.login(harness.viewerPhone)
        let token = try #require(login.json["refresh_token"]?.stringValue)
        let (rotated, rotatedRecords) = try Self.audited(
            harness.fixture, RefreshTests.refresh(token), send: { try harness.send($0) })
        #expect(rotated.status == 200)
        #expect(rotatedRecords.count == 1)
        #expect(rotatedRecords.first?["route"]?.stringValue == "/v1/auth/refresh")
        #expect(rotatedRecords.first?["subject"]?.stringValue == "phone-viewer")
        #expect(rotatedRecords.first?["outcome"]?.stringValue == "success")
        // Past the grace window the parent is a reuse: refused and recorded.
        Thread.sleep(forTimeInterval: 0.02)
        let (reused, reusedRecords) = try Self.audited(
            harness.fixture, RefreshTests.refresh(token),
            send: { try harness.send($0, ["GATEHOUSE_REFRESH_GRACE": "0"]) })
        #expect(reused.status == 401)
        #expect(reusedRecords.count == 1)
        #expect(reusedRecords.first?["outcome"]?.stringValue == "auth_failed")
    }

    @Test("send-otp and verify-otp (right and wrong code) each write one record")
    func otp() throws {
        let harness = try OTPHarness()
        let (sent, sentRecords) = try Self.audited(
            harness.fixture, OTPHarness.sendOTP(harness.viewerPhone), send: { try harness.send($0) })
        #expect(sent.status == 200)
        #expect(sentRecords.count == 1)
        #expect(sentRecords.first?["route"]?.stringValue == "/v1/auth/send-otp")
        #expect(sentRecords.first?["subject"]?.stringValue == "phone-viewer")
        let code = try #require(harness.receiver.lastCode(for: harness.viewerPhone))
        let wrongCode = code == "000000" ? "111111" : "000000"
        let (wrong, wrongRecords) = try Self.audited(
            harness.fixture, OTPHarness.verifyOTP(harness.viewerPhone, wrongCode), send: { try harness.send($0) })
        #expect(wrong.status == 401)
        #expect(wrongRecords.count == 1)
        #expect(wrongRecords.first?["outcome"]?.stringValue == "auth_failed")
        let (right, rightRecords) = try Self.audited(
            harness.fixture, OTPHarness.verifyOTP(harness.viewerPhone, code), send: { try harness.send($0) })
        #expect(right.status == 200)
        #expect(rightRecords.count == 1)
        #expect(rightRecords.first?["outcome"]?.stringValue == "success")
        #expect(rightRecords.first?["credential_type"]?.stringValue == "otp")
    }

    @Test("a failed delivery is audited as delivery_failed, removes the code and lifts the cooldown")
    func deliveryFailed() throws {
        let harness = try OTPHarness()
        let failing = ["GATEHOUSE_OTP_WEBHOOK_URL": harness.receiver.url("/status/500")]
        let (sent, sentRecords) = try Self.audited(
            harness.fixture, OTPHarness.sendOTP(harness.viewerPhone), send: { try harness.send($0, failing) })
        #expect(sent.status == 200)
        #expect(sentRecords.map { $0["outcome"]?.stringValue } == ["delivery_failed"])
        #expect(
            try harness.phoneKeys(harness.viewerPhone).filter { $0.hasSuffix(":otp") || $0.hasSuffix(":cooldown") }
                .isEmpty)
        // The cooldown is lifted: asking again at once is answered 200, not 429.
        #expect(try harness.send(OTPHarness.sendOTP(harness.viewerPhone)).status == 200)
    }

    @Test("Redis stalled past the timeout with a valid key: 503, and no auth_failed record without a tenant")
    func stalledStoreIsNotAFailedAuthentication() throws {
        let server = try RedisTestServer(arguments: ["--enable-debug-command", "yes"])
        let fixture = try GatehouseFixture(redisURL: server.url)
        let before = try Self.records(fixture, stream: AuditLog.unattributedStream).count
        // The server stalls (busy, not paused): commands sent meanwhile run once it wakes up.
        let url = server.url
        let stalled = Thread {
            let sleeper = RedisClient(configuration: try! RedisConfiguration(url: url))
            _ = try? sleeper.command(["DEBUG", "SLEEP", "1.2"])
        }
        stalled.start()
        Thread.sleep(forTimeInterval: 0.1)
        var request = APIRequest(
            method: "GET", path: "/v1/verify", headers: ["x-api-key": fixture.ownerKey.text])
        request.remoteAddress = "10.78.0.1"
        let response = try fixture.send(request, ["GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS": "300"])
        #expect(response.status == 503)
        Thread.sleep(forTimeInterval: 1.5)
        let added = try Self.records(fixture, stream: AuditLog.unattributedStream).dropFirst(before)
        #expect(!added.contains { $0["outcome"]?.stringValue == "auth_failed" && $0["tenant"] == .null }, "\(added)")
    }
}
