import GatehouseCore
import Testing

@Suite("Per-function configuration")
struct FunctionConfigurationTests {
    static let keys = ConfigurationTests.keys
    static let secret = String(repeating: "s", count: 32)

    @Test("jwks starts with only its signing keys; an invalid OTP sender does not concern it")
    func jwksReadsOnlyItsSettings() throws {
        let configuration = try Configuration(
            environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_OTP_SENDER": "bogus",
                          "GATEHOUSE_REDIS_URL": "nonsense://"], function: .jwks)
        #expect(configuration.signingKeys != nil)
        #expect(!configuration.settings.contains(.otp))
    }

    @Test("signin ignores the OTP sender but reads Redis")
    func signinIgnoresOTP() throws {
        _ = try Configuration(
            environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_OTP_SENDER": "webhook"], function: .signin)
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_REDIS_URL": "nonsense://"],
                function: .signin)
        }
        #expect(error?.variable == "GATEHOUSE_REDIS_URL")
    }

    @Test("a function refuses to start without a setting it requires, naming it", arguments: [
        (FunctionName.oauth, "GATEHOUSE_SERVER_SECRET"), (.refresh, "GATEHOUSE_SERVER_SECRET"),
        (.keys, "GATEHOUSE_SERVER_SECRET"), (.rotate, "GATEHOUSE_SERVER_SECRET"), (.otp, "GATEHOUSE_SERVER_SECRET"),
    ])
    func requiredSettings(function: FunctionName, variable: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys], function: function)
        }
        #expect(error?.variable == variable)
    }

    @Test("otp requires a sender once the secret is there; every function requires signing keys")
    func senderAndKeys() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_SERVER_SECRET": Self.secret],
                function: .otp)
        }
        #expect(error?.variable == "GATEHOUSE_OTP_SENDER")
        for function in FunctionName.allCases {
            let missing = #expect(throws: ConfigurationError.self) {
                try Configuration(environment: [:], function: function)
            }
            #expect(missing?.variable == "GATEHOUSE_SIGNING_KEYS", "\(function.rawValue)")
        }
    }

    @Test("the server needs what every function needs")
    func serverNeedsEverything() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_SERVER_SECRET": Self.secret],
                functions: FunctionName.allCases)
        }
        #expect(error?.variable == "GATEHOUSE_OTP_SENDER")
    }
}
