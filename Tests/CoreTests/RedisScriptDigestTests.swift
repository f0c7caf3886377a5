import Testing

@testable import GatehouseCore

@Suite("Redis scripts with digests written in the source")
struct RedisScriptDigestTests {
    /// The scripts declared with `RedisScript(_:sha1:)`.
    static let precomputed: [String: RedisScript] = [
        "signin": SigninStore.script, "authenticator": Authenticator.script,
        "code redemption": OAuthCodeStore.redeemScript, "refresh rotation": RefreshStore.rotateScript,
    ]

    @Test("every precomputed SHA-1 is the SHA-1 of its script", arguments: ["signin", "authenticator", "code redemption", "refresh rotation"])
    func digests(name: String) throws {
        let script = try #require(Self.precomputed[name])
        let actual = RedisScript.digest(script.source)
        #expect(script.sha1 == actual, "\(name): the script changed; write sha1: \"\(actual)\"")
    }

    @Test("a script declared without a digest computes it")
    func computed() {
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }
}
