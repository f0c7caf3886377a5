import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("OTP sign-in against a real Redis and a real HTTP receiver")
struct OTPTests {
    @Test("send-otp then verify-otp: a signed webhook, a session cookie, tokens and the user")
    func signIn() throws {
        let harness = try OTPHarness()
        let sent = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        #expect(sent.status == 200)
        #expect(sent.json == ["status": "sent", "expires_in": 600, "resend_after": 60])
        let delivery = try #require(harness.receiver.requests.last)
        #expect(delivery["verified"] == true, "standardwebhooks refused the signature: \(delivery)")
        #expect(delivery["headers"]?["webhook-id"]?.stringValue?.hasPrefix("msg_") == true)
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        #expect(OTPCode.isWellFormed(code))

        let verified = try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code))
        #expect(verified.status == 200, "\(verified.json)")
        #expect(verified.json["user"]?["id"] == "phone-owner")
        #expect(verified.json["user"]?["tenant"] == .string(harness.fixture.tenant))
        #expect(verified.json["refresh_token"]?.stringValue?.hasPrefix("ghr_") == true)
        let cookieHeader = try #require(verified.headers.values("Set-Cookie").first)
        #expect(cookieHeader.hasPrefix("amrood_session=ghs_"))
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            #expect(cookieHeader.contains("; \(attribute)"), "\(attribute) missing")
        }
        let configuration = try harness.fixture.configuration()
        let claims = try JWTVerifier(
            keys: configuration.signingKeys!, issuer: configuration.issuer, audience: configuration.audience
        ).verify(
            try #require(verified.json["access_token"]?.stringValue), now: SystemAccess.currentTimeMilliseconds() / 1000
        )
        #expect(claims["sub"] == "phone-owner")
        #expect(claims["sid"]?.stringValue?.hasPrefix("ses_") == true)
        #expect(claims["client_id"] == "gatehouse")

        let session = try harness.send(OTPHarness.get("/v1/auth/session", cookie: verified.sessionCookie))
        #expect(session.status == 200)
        #expect(session.json["user"]?["role"] == "owner")
        #expect(try harness.send(OTPHarness.get("/v1/auth/session")).status == 401)

        // Nothing secret reached the log: no code, no cookie, no token.
        let log = harness.fixture.logs.text
        for secret in [code, String(cookieHeader.dropFirst(20).prefix(30))]
            + ["access_token", "refresh_token"].compactMap({
                verified.json[$0]?.stringValue.map { String($0.suffix(30)) }
            })
        {
            #expect(!log.contains(secret), "a secret reached the log")
        }
    }

    @Test("a fresh ≥128-bit session id on each login")
    func freshCookie() throws {
        let harness = try OTPHarness()
        let first = try #require(try harness.login(harness.viewerPhone).sessionCookie)
        Thread.sleep(forTimeInterval: 0.01)
        // The cooldown applies between sends; lift it as a minute passing would.
        for key in try harness.phoneKeys(harness.viewerPhone) where key.hasSuffix(":cooldown") {
            _ = try harness.fixture.store.redisClient.command(["DEL", .string(key)])
        }
        let second = try #require(try harness.login(harness.viewerPhone).sessionCookie)
        #expect(first != second)
        let secret = try #require(second.split(separator: ".").last)
        #expect(Base64URL.decode(secret)?.count == 32)
        // Both sessions are live and distinct.
        #expect(try harness.send(OTPHarness.get("/v1/auth/session", cookie: first)).status == 200)
    }

    @Test("unregistered number: the same answer, and nothing sent")
    func unregisteredPhone() throws {
        let harness = try OTPHarness()
        let unknown = OTPHarness.randomPhone()
        let response = try harness.send(OTPHarness.sendOTP(unknown))
        let known = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        #expect(response.status == 200 && known.status == 200)
        #expect(response.body == known.body)
        #expect(harness.receiver.requests.count == 1)
        #expect(try harness.phoneKeys(unknown).allSatisfy { !$0.hasSuffix(":otp") })
        // The cooldown applies to unknown numbers too, so it tells nothing either.
        #expect(try harness.send(OTPHarness.sendOTP(unknown)).status == 429)
    }

    @Test("wrong code, code of another phone, reused code, malformed code")
    func refusals() throws {
        let harness = try OTPHarness()
        _ = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        _ = try harness.send(OTPHarness.sendOTP(harness.viewerPhone))
        let ownerCode = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let viewerCode = try #require(harness.receiver.lastCode(for: harness.viewerPhone))
        let wrong = ownerCode == "000000" ? "000001" : "000000"
        let wrongResponse = try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, wrong))
        #expect(wrongResponse.status == 401 && wrongResponse.errorCode == "authentication_error")
        if viewerCode != ownerCode {
            #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, viewerCode)).status == 401)
        }
        #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, ownerCode)).status == 200)
        let reused = try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, ownerCode))
        #expect(reused.status == 401)
        #expect(reused.json["error"]?["message"] == wrongResponse.json["error"]?["message"])
        let malformed = try harness.send(OTPHarness.verifyOTP(harness.viewerPhone, "12a456"))
        #expect(malformed.status == 422)
        #expect(try harness.send(OTPHarness.verifyOTP(harness.viewerPhone, viewerCode)).status == 200)
        #expect(try harness.send(OTPHarness.json("/v1/auth/send-otp", ["phone": "call me"])).status == 422)
    }

    @Test("an expired code is refused (injected clock)")
    func expiredCode() throws {
        let harness = try OTPHarness()
        _ = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let later = try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code)) {
            SystemAccess.currentTimeMilliseconds() + 601_000
        }
        #expect(later.status == 401)
        #expect(
            try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code)).status == 401,
            "the expired code was removed")
    }

    @Test("5 wrong attempts burn the code: the 6th try, even with the right code, fails")
    func attemptsBurnTheCode() throws {
        let harness = try OTPHarness()
        _ = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let wrong = code == "999999" ? "999998" : "999999"
        for _ in 1...5 { #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, wrong)).status == 401) }
        #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code)).status == 401)
    }

    @Test("50 parallel wrong guesses from 50 addresses: counted exactly, the code burnt after 5")
    func parallelWrongGuesses() throws {
        let harness = try OTPHarness()
        _ = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let wrong = code == "111111" ? "111112" : "111111"
        let application = try harness.application()
        let statuses = Mutex<[Int]>([])
        let (phone, network) = (harness.ownerPhone, harness.network)
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            let redis = RedisClient(configuration: application.configuration.redis)
            let status = application.handle(
                OTPHarness.verifyOTP(phone, wrong, address: "\(network).\(index + 1)"), redis: redis
            ).status
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 401 })
        let failures = try harness.fixture.store.redisClient.command([
            "GET", .string("gh:{p:\(harness.ownerPhone)}:fail"),
        ])
        #expect(failures.stringValue == "50")
        #expect(try harness.phoneKeys(harness.ownerPhone).allSatisfy { !$0.hasSuffix(":otp") }, "the code was burnt")
        #expect(
            try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code, address: harness.address(99))).status == 401
        )
    }

    @Test("the right code sent 10 times in parallel: exactly one session")
    func parallelRightCode() throws {
        let harness = try OTPHarness()
        _ = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let application = try harness.application()
        let statuses = Mutex<[Int]>([])
        let (phone, network) = (harness.ownerPhone, harness.network)
        DispatchQueue.concurrentPerform(iterations: 10) { index in
            let redis = RedisClient(configuration: application.configuration.redis)
            let status = application.handle(
                OTPHarness.verifyOTP(phone, code, address: "\(network).\(index + 1)"), redis: redis
            ).status
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 200 }.count == 1)
        #expect(all.filter { $0 == 401 }.count == 9)
        let sessions = try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:session:*")
        #expect(sessions.count == 1)
    }

    @Test("resend inside the cooldown: 429 and no message; at most 5 sends an hour")
    func cooldownAndHourlyLimit() throws {
        let harness = try OTPHarness()
        #expect(try harness.send(OTPHarness.sendOTP(harness.ownerPhone)).status == 200)
        let again = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        #expect(again.status == 429)
        #expect(Int(again.headers["Retry-After"] ?? "") ?? 0 > 50)
        #expect(harness.receiver.requests.count == 1)
        let cooldown = "gh:{p:\(harness.ownerPhone)}:cooldown"
        var statuses: [Int] = []
        for _ in 2...6 {
            _ = try harness.fixture.store.redisClient.command(["DEL", .string(cooldown)])
            statuses.append(try harness.send(OTPHarness.sendOTP(harness.ownerPhone)).status)
        }
        #expect(statuses == [200, 200, 200, 200, 429])
        #expect(harness.receiver.requests.count == 5)
    }

    @Test("phone variants are one number: the cooldown of +1… holds for 001…, spaces and dashes")
    func phoneVariants() throws {
        let harness = try OTPHarness()
        let national = String(harness.ownerPhone.dropFirst(2))
        #expect(try harness.send(OTPHarness.sendOTP(national)).status == 200)
        for variant in [
            harness.ownerPhone, "00" + harness.ownerPhone.dropFirst(),
            "+1 \(national.prefix(3)) \(national.dropFirst(3))",
            "+1-\(national.prefix(3))-\(national.dropFirst(3).prefix(3))-\(national.suffix(4))",
        ] {
            #expect(try harness.send(OTPHarness.sendOTP(variant)).status == 429, "\(variant)")
        }
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        #expect(try harness.send(OTPHarness.verifyOTP("001" + national, code)).status == 200)
    }

    @Test("30 OTP requests per IP per minute")
    func perIPLimit() throws {
        let harness = try OTPHarness()
        let application = try harness.application()
        let redis = RedisClient(configuration: application.configuration.redis)
        let statuses = (1...31).map { _ in
            application.handle(
                OTPHarness.verifyOTP(OTPHarness.randomPhone(), "123456", address: harness.address(55)), redis: redis
            )
            .status
        }
        #expect(statuses.prefix(30).allSatisfy { $0 == 401 })
        #expect(statuses.last == 429)
    }

    @Test("100 consecutive failures lock OTP login for an hour")
    func lockAfterFailures() throws {
        let harness = try OTPHarness()
        let application = try harness.application()
        let redis = RedisClient(configuration: application.configuration.redis)
        var statuses: [Int] = []
        for index in 0..<100 {
            statuses.append(
                application.handle(
                    OTPHarness.verifyOTP(harness.viewerPhone, "000000", address: harness.address(index / 25 + 1)),
                    redis: redis
                ).status)
        }
        #expect(statuses.prefix(99).allSatisfy { $0 == 401 })
        #expect(statuses.last == 429)
        let send = try harness.send(OTPHarness.sendOTP(harness.viewerPhone, address: harness.address(200)))
        #expect(send.status == 429)
        #expect(Int(send.headers["Retry-After"] ?? "") ?? 0 > 3500)
        #expect(harness.receiver.requests.isEmpty)
    }

    @Test("sender down: still 200 (answer first), no usable code left; the receiver answering 500 is retried once")
    func senderDown() throws {
        let harness = try OTPHarness()
        let down = try harness.send(
            OTPHarness.sendOTP(harness.ownerPhone), ["GATEHOUSE_OTP_WEBHOOK_URL": "http://127.0.0.1:9/otp"])
        #expect(down.status == 200)
        #expect(
            try harness.phoneKeys(harness.ownerPhone).allSatisfy { !$0.hasSuffix(":otp") && !$0.hasSuffix(":cooldown") }
        )

        let failing = try harness.send(
            OTPHarness.sendOTP(harness.ownerPhone), ["GATEHOUSE_OTP_WEBHOOK_URL": harness.receiver.url("/status/500")])
        #expect(failing.status == 200)
        #expect(harness.receiver.requests.count == 2, "one retry after a 5xx")
        let refused = try harness.send(
            OTPHarness.sendOTP(harness.ownerPhone), ["GATEHOUSE_OTP_WEBHOOK_URL": harness.receiver.url("/status/400")])
        #expect(refused.status == 200)
        #expect(harness.receiver.requests.count == 3, "no retry after a 4xx")
        // The codes that were sent but not accepted cannot be used.
        for request in harness.receiver.requests {
            let body = try JSONValue.parse(Array((request["body"]?.stringValue ?? "").utf8))
            let code = try #require(body["code"]?.stringValue)
            #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code)).status == 401)
        }
    }

    @Test("Twilio-style form sender: basic auth and To/From/Body")
    func formSender() throws {
        let harness = try OTPHarness(receiver: try DeliveryReceiver())
        let response = try harness.send(
            OTPHarness.sendOTP(harness.ownerPhone),
            [
                "GATEHOUSE_OTP_SENDER": "twilio", "GATEHOUSE_OTP_TWILIO_URL": harness.receiver.url("/Messages.json"),
                "GATEHOUSE_OTP_TWILIO_ACCOUNT_SID": "AC123", "GATEHOUSE_OTP_TWILIO_AUTH_TOKEN": "token-xyz",
                "GATEHOUSE_OTP_FROM": "+15550001111",
            ])
        #expect(response.status == 200)
        let request = try #require(harness.receiver.requests.last)
        #expect(
            request["headers"]?["authorization"] == .string("Basic " + Base64.encode(Array("AC123:token-xyz".utf8))))
        #expect(request["headers"]?["content-type"] == "application/x-www-form-urlencoded")
        let form = try #require(FormURLEncoded.decode(request["body"]?.stringValue ?? ""))
        #expect(form.first { $0.name == "To" }?.value == harness.ownerPhone)
        #expect(form.first { $0.name == "From" }?.value == "+15550001111")
        let text = try #require(form.first { $0.name == "Body" }?.value)
        let code = String(text.filter(\.isNumber).prefix(6))
        #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, code)).status == 200)
    }

    @Test("the log sender logs the code in test mode only")
    func logSender() throws {
        let harness = try OTPHarness()
        let response = try harness.send(OTPHarness.sendOTP(harness.ownerPhone), ["GATEHOUSE_OTP_SENDER": "log"])
        #expect(response.status == 200)
        #expect(harness.fixture.logs.text.contains("otp_code"))
        #expect(throws: ConfigurationError.self) {
            try harness.fixture.configuration(
                harness.environment(["GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "production"]))
        }
    }

    @Test("Redis stopped: 503, never a code")
    func redisStopped() throws {
        let server = try RedisTestServer()
        let harness = try OTPHarness(redisURL: server.url)
        server.stop()
        let response = try harness.send(OTPHarness.sendOTP(harness.ownerPhone))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] != nil)
        #expect(try harness.send(OTPHarness.verifyOTP(harness.ownerPhone, "123456")).status == 503)
        #expect(harness.receiver.requests.isEmpty)
    }

    @Test("logout revokes the session and clears the cookie")
    func logout() throws {
        let harness = try OTPHarness()
        let cookie = try #require(try harness.login(harness.ownerPhone).sessionCookie)
        let out = try harness.send(OTPHarness.json("/v1/auth/logout", [:], cookie: cookie))
        #expect(out.status == 200)
        #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try harness.send(OTPHarness.get("/v1/auth/session", cookie: cookie)).status == 401)
    }

    @Test("a phone belongs to one user: another tenant's claim is a 409")
    func phoneUniqueness() throws {
        let harness = try OTPHarness()
        let other = try GatehouseFixture()
        #expect(throws: GatehouseError.conflict("The phone number is already used by another user or administrator")) {
            try other.store.createUser(tenant: other.tenant, id: "copy", role: .viewer, phone: harness.ownerPhone)
        }
        #expect(throws: GatehouseError.self) { try other.store.createPlatformAdmin(phone: harness.viewerPhone) }
        #expect(try other.store.user(tenant: other.tenant, id: "copy") == nil)
        #expect(
            try other.store.phoneOwner(harness.ownerPhone) == .user(tenant: harness.fixture.tenant, id: "phone-owner"))
        // A failed user creation releases its claim.
        let phone = OTPHarness.randomPhone()
        #expect(throws: GatehouseError.self) {
            try harness.fixture.store.createUser(
                tenant: harness.fixture.tenant, id: "owner", role: .viewer, phone: phone)
        }
        #expect(try other.store.phoneOwner(phone) == nil)
    }

    @Test("a disabled user's correct code opens no session")
    func disabledUser() throws {
        let harness = try OTPHarness()
        try harness.fixture.store.setUserStatus(tenant: harness.fixture.tenant, id: "phone-viewer", .disabled)
        let response = try harness.login(harness.viewerPhone)
        #expect(response.status == 403)
        #expect(response.headers["Set-Cookie"] == nil)
    }
}
