import GatehouseCore
import Testing

/// SPEC §5: a key has one purpose. With ES256 access tokens, an `at+jwt` signed by the EdDSA
/// proof key (a key Gatehouse holds and publishes) is not an access token.
@Suite("one purpose per key")
struct KeyPurposeTests {
    static func claims(_ fixture: GatehouseFixture) -> JSONObject {
        let now = SystemAccess.currentTimeMilliseconds() / 1000
        return [
            "iss": "https://gatehouse.test", "aud": "gatehouse-tests", "sub": "viewer", "tid": .string(fixture.tenant),
            "scope": "users:read", "iat": .integer(now), "nbf": .integer(now), "exp": .integer(now + 600),
            "jti": "purpose-1",
        ]
    }

    static func verify(_ fixture: GatehouseFixture, token: String) throws -> Int {
        try fixture.send(
            APIRequest(method: "GET", path: "/v1/verify", headers: ["Authorization": "Bearer \(token)"])
        ).status
    }

    @Test("an at+jwt signed by the EdDSA proof key is refused; the same claims under the ES256 key pass")
    func proofKeyIsNotAnAccessTokenKey() throws {
        let fixture = try GatehouseFixture()
        let keys = try JWKSet(privateJWKSetJSON: TestSigningKeys.privateJSON)
        let proofKey = try #require(keys.keys.first { $0.algorithm == .edDSA })
        let tokenKey = try #require(keys.keys.first { $0.algorithm == .es256 })
        let forged = try JWTSigner.sign(claims: Self.claims(fixture), type: "at+jwt", key: proofKey)
        let genuine = try JWTSigner.sign(claims: Self.claims(fixture), type: "at+jwt", key: tokenKey)
        #expect(try Self.verify(fixture, token: genuine) == 200)
        #expect(try Self.verify(fixture, token: forged) == 401)
    }
}
