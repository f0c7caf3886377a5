import GatehouseCore
import Testing

@Suite("configuration of OTP, sessions, refresh and proofs")
struct OTPConfigurationTests {
    static let keys = try! JWKSet(keys: [SigningKey.generate(.es256)]).privateJWKSetJSON()
    static let secret = "whsec_" + Base64.encode([UInt8](repeating: 9, count: 32))

    func configuration(_ environment: [String: String]) throws(ConfigurationError) -> Configuration {
        try Configuration(environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys].merging(environment) { _, new in new })
    }

    @Test("defaults: 10-minute codes, country code 1, no sender, 7-day sessions, 30 s grace")
    func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.otp.limits == OTPLimits())
        #expect(configuration.otp.defaultCountryCode == "1")
        #expect(configuration.otp.sender == nil)
        #expect(configuration.sessionLifetime == 604_800)
        #expect(configuration.refreshGraceSeconds == 30)
    }

    @Test("senders are read and checked at start-up")
    func senders() throws {
        let webhook = try configuration([
            "GATEHOUSE_OTP_SENDER": "webhook", "GATEHOUSE_OTP_WEBHOOK_URL": "https://hooks.example/otp",
            "GATEHOUSE_OTP_WEBHOOK_SECRET": Self.secret,
        ])
        #expect(webhook.otp.sender?.name == "webhook")
        let form = try configuration([
            "GATEHOUSE_OTP_SENDER": "twilio", "GATEHOUSE_OTP_TWILIO_URL": "http://127.0.0.1:9/Messages.json",
            "GATEHOUSE_OTP_TWILIO_ACCOUNT_SID": "AC1", "GATEHOUSE_OTP_TWILIO_AUTH_TOKEN": "tok",
            "GATEHOUSE_OTP_FROM": "+15550000000",
        ])
        #expect(form.otp.sender?.name == "twilio")
        #expect(try configuration(["GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "local"]).otp.sender == .log)
    }

    @Test(
        "a bad OTP setting names its variable",
        arguments: [
            (["GATEHOUSE_OTP_SENDER": "log"], "GATEHOUSE_OTP_SENDER"),
            (["GATEHOUSE_OTP_SENDER": "pigeon"], "GATEHOUSE_OTP_SENDER"),
            (["GATEHOUSE_OTP_SENDER": "webhook"], "GATEHOUSE_OTP_WEBHOOK_URL"),
            (
                ["GATEHOUSE_OTP_SENDER": "webhook", "GATEHOUSE_OTP_WEBHOOK_URL": "http://hooks.example/otp"],
                "GATEHOUSE_OTP_WEBHOOK_URL"
            ),
            (
                ["GATEHOUSE_OTP_SENDER": "webhook", "GATEHOUSE_OTP_WEBHOOK_URL": "https://hooks.example/otp"],
                "GATEHOUSE_OTP_WEBHOOK_SECRET"
            ),
            (
                [
                    "GATEHOUSE_OTP_SENDER": "webhook", "GATEHOUSE_OTP_WEBHOOK_URL": "https://hooks.example/otp",
                    "GATEHOUSE_OTP_WEBHOOK_SECRET": "not-whsec",
                ], "GATEHOUSE_OTP_WEBHOOK_SECRET"
            ),
            (
                ["GATEHOUSE_OTP_SENDER": "twilio", "GATEHOUSE_OTP_TWILIO_URL": "ftp://x"], "GATEHOUSE_OTP_TWILIO_URL"
            ),
            (["GATEHOUSE_OTP_TTL": "5"], "GATEHOUSE_OTP_TTL"),
            (["GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE": "+1"], "GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE"),
            (["GATEHOUSE_SESSION_TTL": "1"], "GATEHOUSE_SESSION_TTL"),
            (["GATEHOUSE_REFRESH_GRACE": "-1"], "GATEHOUSE_REFRESH_GRACE"),
            (["GATEHOUSE_PROOF_KEY_ID": "nope"], "GATEHOUSE_PROOF_KEY_ID"),
        ])
    func invalid(environment: [String: String], variable: String) {
        let error = #expect(throws: ConfigurationError.self) { try configuration(environment) }
        #expect(error?.variable == variable)
    }

    @Test("each function checks what it needs: otp the server secret and a sender, proof an EdDSA key")
    func functionRequirements() throws {
        let bare = try configuration([:])
        #expect(
            throws: ConfigurationError(
                "GATEHOUSE_SERVER_SECRET", "is required by the otp function")
        ) {
            try bare.validate(forFunction: .otp)
        }
        let secret = try configuration(["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 32)])
        #expect(throws: ConfigurationError.self) { try secret.validate(forFunction: .otp) }
        try secret.validate(forFunction: .refresh)
        #expect((try? bare.validate(forFunction: .refresh)) == nil)
        #expect((try? bare.validate(forFunction: .proof)) == nil)
        try bare.validate(forFunction: .signin)
    }
}
