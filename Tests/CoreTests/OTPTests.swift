import GatehouseCore
import Testing

@Suite("OTP, sessions and refresh: the pure parts")
struct OTPPureTests {
    @Test(
        "phone variants normalise to one E.164 number",
        arguments: [
            "+15551234567", "+1 555 123 4567", "+1-555-123-4567", "0015551234567", "001 555 123 4567", "(555) 123-4567",
            "555.123.4567", "5551234567", "15551234567",
        ])
    func phoneVariants(text: String) {
        #expect(PhoneNumber.normalize(text, defaultCountryCode: "1") == "+15551234567")
    }

    @Test("national numbers take the default country; a trunk 0 is dropped")
    func defaultCountry() {
        #expect(PhoneNumber.normalize("9876543210", defaultCountryCode: "91") == "+919876543210")
        #expect(PhoneNumber.normalize("919876543210", defaultCountryCode: "91") == "+919876543210")
        #expect(PhoneNumber.normalize("07911 123456", defaultCountryCode: "44") == "+447911123456")
        #expect(PhoneNumber.normalize("+44 7911 123456", defaultCountryCode: "1") == "+447911123456")
    }

    @Test(
        "junk is not a phone number",
        arguments: [
            "", "abc", "+", "12", "+1 555 CALL NOW", "5551234567+", "++15551234567", "+0123456789",
            String(repeating: "1", count: 40),
        ])
    func junk(text: String) {
        #expect(PhoneNumber.normalize(text, defaultCountryCode: "1") == nil)
    }

    @Test("codes: 6 digits, uniformly drawn, HMAC bound to the phone and the secret")
    func codes() {
        let codes = (0..<200).map { _ in OTPCode.generate() }
        #expect(codes.allSatisfy(OTPCode.isWellFormed))
        #expect(Set(codes).count > 150)
        #expect(!OTPCode.isWellFormed("12345") && !OTPCode.isWellFormed("1234567") && !OTPCode.isWellFormed("12345a"))
        let secret = Array(repeating: UInt8(7), count: 32)
        let digest = OTPCode.digest(code: "123456", phone: "+15551234567", serverSecret: secret)
        #expect(digest.count == 64 && !digest.contains("123456"))
        #expect(digest == OTPCode.digest(code: "123456", phone: "+15551234567", serverSecret: secret))
        #expect(digest != OTPCode.digest(code: "123456", phone: "+15551234568", serverSecret: secret))
        #expect(digest != OTPCode.digest(code: "123456", phone: "+15551234567", serverSecret: secret.reversed() + [1]))
    }

    @Test("send outcomes: locked, cooldown and hourly limit are 429; known and unknown numbers answer alike")
    func sendOutcomes() throws {
        #expect(OTPPolicy.refusal(for: .stored(.user(tenant: "t", id: "u"))) == nil)
        #expect(OTPPolicy.refusal(for: .unknownPhone) == nil)
        let cooldown = try #require(OTPPolicy.refusal(for: .cooldown(42_001)))
        #expect(cooldown.status == 429 && cooldown.headers["Retry-After"] == "43")
        #expect(OTPPolicy.refusal(for: .hourlyLimit(10))?.status == 429)
        let locked = try #require(OTPPolicy.refusal(for: OTPSendResult.locked(3_600_000)))
        #expect(locked.status == 429 && locked.details?["reason"] == "locked")
        #expect(OTPPolicy.sentBody(OTPLimits()) == ["status": "sent", "expires_in": 600, "resend_after": 60])
    }

    @Test("verify outcomes: every failure is the same 401")
    func verifyOutcomes() throws {
        #expect(OTPPolicy.refusal(for: .failed) == .authentication(OTPPolicy.failedMessage))
        #expect(OTPPolicy.refusal(for: .verified(.admin(id: "a"))) == nil)
        #expect(OTPPolicy.refusal(for: OTPVerifyResult.locked(5))?.status == 429)
        for outcome in ["no_code", "expired", "wrong", "no_owner"] {
            #expect(try OTPStore.decodeVerify(.array([.string(Array(outcome.utf8)), .integer(1)])) == .failed)
        }
        #expect(
            try OTPStore.decodeVerify(.array([.string(Array("ok".utf8)), .string(Array("user:acme:ana".utf8))]))
                == .verified(.user(tenant: "acme", id: "ana")))
        #expect(
            try OTPStore.decodeSend(.array([.string(Array("stored".utf8)), .string(Array("admin:adm_1".utf8))]))
                == .stored(.admin(id: "adm_1")))
        #expect(
            try OTPStore.decodeSend(.array([.string(Array("stored".utf8)), .string(Array("garbage".utf8))]))
                == .unknownPhone)
        #expect(throws: RedisError.self) { try OTPStore.decodeSend(.integer(1)) }
    }

    @Test("phone owners round-trip through their stored form")
    func phoneOwners() {
        for owner in [PhoneOwner.user(tenant: "acme-1", id: "ana.b"), .admin(id: "adm_X")] {
            #expect(PhoneOwner(stored: owner.stored) == owner)
        }
        #expect(PhoneOwner(stored: "user:Bad Tenant:x") == nil)
        #expect(PhoneOwner(stored: "root:x") == nil)
        #expect(PhoneOwner.admin(id: "a").recordKey == "gh:{_platform}:admin:a")
    }

    @Test("opaque tokens: 256 random bits, routed by tenant, only their hash is stored")
    func opaqueTokens() throws {
        let token = OpaqueToken.generate(.session, tag: "acme")
        #expect(token.text.hasPrefix("ghs_acme."))
        #expect(OpaqueToken.parse(token.text, as: .session) == token)
        #expect(OpaqueToken.parse(token.text, as: .refresh) == nil)
        #expect(OpaqueToken.parse(token.text + "A", as: .session) == nil)
        #expect(OpaqueToken.parse("ghs_Acme." + token.text.split(separator: ".")[1], as: .session) == nil)
        #expect(OpaqueToken.parse(OpaqueToken.generate(.refresh, tag: "_platform").text, as: .refresh) != nil)
        #expect(token.hashHex.count == 64 && !token.description.contains(token.text.suffix(20)))
        #expect(OpaqueToken.generate(.session, tag: "acme") != token)
    }

    @Test("a rotated refresh token's child is fixed by the parent and the server secret")
    func refreshChildren() {
        let parent = OpaqueToken.generate(.refresh, tag: "acme")
        let secret = Array(repeating: UInt8(1), count: 32)
        let child = RefreshStore.child(of: parent, serverSecret: secret)
        #expect(child == RefreshStore.child(of: parent, serverSecret: secret))
        #expect(child != RefreshStore.child(of: parent, serverSecret: Array(repeating: 2, count: 32)))
        #expect(OpaqueToken.parse(child.text, as: .refresh) == child && child.tag == "acme")
    }

    @Test("the session cookie carries Secure, HttpOnly, SameSite=Lax and Path=/")
    func cookie() {
        let value = SessionCookie.set(name: "amrood_session", value: "ghs_a.x", lifetime: 60)
        #expect(value == "amrood_session=ghs_a.x; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
        #expect(SessionCookie.clear(name: "n").contains("Max-Age=0"))
    }

    @Test("Standard Webhooks signature: the specification's vector")
    func webhookVector() throws {
        let signer = try #require(StandardWebhooks(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(StandardWebhooks(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
        #expect(StandardWebhooks(secret: "whsec_AAAA") == nil)
    }
}
