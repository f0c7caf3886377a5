import Foundation
import GatehouseCore
import Testing

@Suite("proofs: EdDSA, proof+jwt, one hour, verifiable with the public JWKS only")
struct ProofTests {
    static let verifier = #"""
        import json, sys
        token, jwks_text, subject = sys.argv[1:4]
        jwks = json.loads(jwks_text)
        import jwt
        header = jwt.get_unverified_header(token)
        assert header["typ"] == "proof+jwt" and header["alg"] == "EdDSA", header
        key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
        claims = jwt.decode(token, key=key, algorithms=["EdDSA"], options={"verify_aud": False})
        assert claims["sub"] == subject and claims["exp"] - claims["iat"] == 3600, claims
        print("pyjwt ok", claims["sub"])
        from joserfc import jwt as jose_jwt
        from joserfc.jwk import KeySet
        decoded = jose_jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["EdDSA"])
        jose_jwt.JWTClaimsRegistry().validate(decoded.claims)
        print("joserfc ok", decoded.claims["sub"])
        """#

    @Test("GET /v1/proof with a session cookie and with an access token; PyJWT and joserfc verify it")
    func proof() throws {
        let harness = try OTPHarness()
        let signedIn = try harness.login(harness.ownerPhone)
        let byCookie = try harness.send(OTPHarness.get("/v1/proof", cookie: signedIn.sessionCookie))
        #expect(byCookie.status == 200, "\(byCookie.json)")
        #expect(byCookie.json["subject"] == "phone-owner")
        #expect(byCookie.json["platform_id"] == .string(harness.fixture.tenant))
        let kid = try #require(byCookie.json["kid"]?.stringValue)
        let configuration = try harness.fixture.configuration()
        #expect(configuration.signingKeys?.keys.first { $0.kid == kid }?.algorithm == .edDSA)
        let token = try #require(byCookie.json["proof"]?.stringValue)

        let jwks = try harness.send(GatehouseCore.Request(method: "GET", path: "/.well-known/jwks.json"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", Self.verifier, token, String(decoding: jwks.body, as: UTF8.self), "phone-owner",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("pyjwt ok phone-owner") && text.contains("joserfc ok phone-owner"))

        let byToken = try harness.send(OTPHarness.get("/v1/proof", bearer: signedIn.json["access_token"]?.stringValue))
        #expect(byToken.status == 200)
        #expect(byToken.json["subject"] == "phone-owner")
        #expect(try harness.send(OTPHarness.get("/v1/proof")).status == 401)
        #expect(try harness.send(OTPHarness.get("/v1/proof", bearer: "eyJhbGciOiJub25lIn0.e30.")).status == 401)
    }
}
