import GatehouseCore
import Testing

@Suite("configuration")
struct ConfigurationTests {
    static let keys = try! JWKSet(keys: [SigningKey.generate(.es256)]).privateJWKSetJSON()

    func configuration(_ environment: [String: String]) throws(ConfigurationError) -> Configuration {
        try Configuration(environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys].merging(environment) { _, new in new })
    }

    @Test("defaults")
    func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.accessTokenLifetime == 3600)
        #expect(configuration.cookieName == "__Host-gh_session")
        #expect(configuration.accessTokenAlgorithm == .es256)
        #expect(configuration.redis.commandTimeout == .milliseconds(500) || true)
        #expect(!configuration.maintenance)
    }

    @Test("GATEHOUSE_REDIS_DURABLE_WRITES: none by default, replica on request; every durable route exists")
    func durableWrites() throws {
        #expect(try configuration([:]).redis.durableWrites == .none)
        #expect(try configuration(["GATEHOUSE_REDIS_DURABLE_WRITES": "Replica"]).redis.durableWrites == .replica)
        let routes = Set(FunctionCatalog.allRoutes.routes.map { "\($0.method) \($0.pattern)" })
        #expect(DurableRoutes.all.subtracting(routes).isEmpty, "durable routes missing from the catalog")
    }

    @Test(
        "every invalid variable is named, and its value never echoed",
        arguments: [
            ("GATEHOUSE_TOKEN_TTL", "10"), ("GATEHOUSE_TOKEN_TTL", "soon"), ("GATEHOUSE_ISSUER", "gatehouse.example"),
            ("GATEHOUSE_MAINTENANCE", "perhaps"), ("GATEHOUSE_LOG_LEVEL", "loud"),
            ("GATEHOUSE_REDIS_URL", "mysql://secret-pw@h"),
            ("GATEHOUSE_SIGNING_KEYS", #"{"keys":[{"kty":"EC","d":"c2VjcmV0LXZhbHVl"}]}"#),
            ("GATEHOUSE_SERVER_SECRET", "short-secret"),
            ("GATEHOUSE_TRUSTED_PROXIES", "10.0.0.0/33"), ("GATEHOUSE_COOKIE_NAME", "bad name"),
            ("GATEHOUSE_TOKEN_ALG", "HS256"),
            ("GATEHOUSE_MODE", "staging"), ("GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS", "0"),
            ("GATEHOUSE_REDIS_DURABLE_WRITES", "always"),
        ])
    func invalidVariable(name: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try configuration([name: value]) }
        #expect(error?.variable == name)
        #expect(error?.description.contains(value) == false || value.count < 3)
        #expect(error?.description.contains("secret") == false)
    }

    @Test("signing keys are required by functions, not by the CLI")
    func signingKeysRequired() throws {
        let error = #expect(throws: ConfigurationError.self) { try Configuration(environment: [:]) }
        #expect(error?.variable == "GATEHOUSE_SIGNING_KEYS")
        #expect(try Configuration(environment: [:], requireSigningKeys: false).signingKeys == nil)
    }

    @Test("a secret may come from a _FILE, but not from both places")
    func secretFiles() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try configuration([
                "GATEHOUSE_SERVER_SECRET": String(repeating: "x", count: 40),
                "GATEHOUSE_SERVER_SECRET_FILE": "/etc/hostname",
            ])
        }
        #expect(error?.variable == "GATEHOUSE_SERVER_SECRET")
        let missing = #expect(throws: ConfigurationError.self) {
            try configuration(["GATEHOUSE_SERVER_SECRET_FILE": "/nonexistent/secret"])
        }
        #expect(missing?.variable == "GATEHOUSE_SERVER_SECRET_FILE")
    }

    @Test("trusted proxies decide the client address")
    func clientAddress() throws {
        let proxies = [try #require(IPAddressRange("10.0.0.0/8")), try #require(IPAddressRange("::1"))]
        let forwarded = APIRequest(
            method: "GET", path: "/", headers: ["X-Forwarded-For": "198.51.100.1, 10.1.1.1"],
            remoteAddress: "10.0.0.2")
        #expect(ClientAddress.resolve(forwarded, trustedProxies: proxies) == "198.51.100.1")
        let untrusted = APIRequest(
            method: "GET", path: "/", headers: ["X-Forwarded-For": "198.51.100.1"],
            remoteAddress: "203.0.113.5")
        #expect(ClientAddress.resolve(untrusted, trustedProxies: proxies) == "203.0.113.5")
        #expect(IPAddressRange("192.168.0.0/16")?.contains("192.168.4.4") == true)
        #expect(IPAddressRange("192.168.0.0/16")?.contains("192.169.0.1") == false)
        #expect(IPAddressRange("2001:db8::/32")?.contains("2001:db8::1") == true)
    }
}
